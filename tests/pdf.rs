//! PDF extraction quality over the committed fixtures (to be written).
