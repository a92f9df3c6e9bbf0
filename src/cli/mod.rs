//! Command-line interface: clap options, rendering, exit codes.
