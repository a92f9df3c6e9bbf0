use super::*;
use crate::analyze::segment::sentences;

/// "text = value" (or "text = value..until") for every mention found, joined by " ; ".
fn found(text: &str, anchor: Option<&str>) -> String {
    let anchor = anchor.map(|a| a.parse::<NaiveDate>().expect("anchor in test"));
    find_dates(text, &sentences(text), anchor)
        .into_iter()
        .map(|m| {
            assert_eq!(m.span.slice(text), m.text, "span and text agree");
            assert!(!m.trace.is_empty() && m.rule.starts_with("date."));
            let value = m.value.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
            match m.until {
                Some(u) => format!("{} = {value}..{u}", m.text),
                None => format!("{} = {value}", m.text),
            }
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Runs (id, anchor, text, expected) cases and reports every failure at once.
fn check(cases: &[(&str, &str, &str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(id, anchor, text, want)| {
            let got = found(text, Some(anchor));
            (got != *want).then(|| format!("{id}:\n    got  {got}\n    want {want}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[rustfmt::skip]
#[test]
fn absolute_dates() {
    check(&[
        ("dmy", "2024-01-01", "The memorandum was signed on 28 November 2023 in Hangzhou.", "28 November 2023 = 2023-11-28"),
        ("dmy_ordinal_of", "2024-01-01", "It was signed on the 28th of November, 2023 in Seoul.", "28th of November, 2023 = 2023-11-28"),
        ("ordinal_day_of", "2026-01-01", "Signed at Arusha on this 14th day of October 2026.", "14th day of October 2026 = 2026-10-14"),
        ("dmy_weekday", "2025-05-01", "The board met on Tuesday 22 April 2025 in Bangkok.", "Tuesday 22 April 2025 = 2025-04-22"),
        ("mdy", "2024-01-01", "The meeting took place on November 28, 2023 in Tokyo.", "November 28, 2023 = 2023-11-28"),
        ("mdy_abbrev", "2024-01-01", "The ministers met on Nov. 28, 2023 in Tokyo.", "Nov. 28, 2023 = 2023-11-28"),
        ("mdy_weekday", "2024-01-01", "It opened on Tuesday, November 28, 2023 in Tokyo.", "Tuesday, November 28, 2023 = 2023-11-28"),
        ("iso", "2024-01-01", "The plan was adopted on 2023-11-28 by the board.", "2023-11-28 = 2023-11-28"),
        ("iso_with_time", "2024-01-01", "Posted 2023-11-28T10:15:00+09:00 by the press office.", "2023-11-28T10:15:00+09:00 = 2023-11-28"),
        ("ap_style", "2024-02-01", "The Postal Service said Jan. 15, 2024 that prices will rise.", "Jan. 15, 2024 = 2024-01-15"),
        ("dmy_comma", "2024-04-01", "It was signed on 5th March, 2024 in Manila.", "5th March, 2024 = 2024-03-05"),
        ("iso_slash", "2024-01-01", "The plan was adopted on 2023/11/28 by the board.", "2023/11/28 = 2023-11-28"),
        ("iso_dots_short", "2025-05-01", "The stamp was issued on 2025.4.9 by the ministry.", "2025.4.9 = 2025-04-09"),
        ("dotted_day_first", "2024-01-01", "The plan was adopted on 28.11.2023 by the board.", "28.11.2023 = 2023-11-28"),
        ("slash_day_first_unambiguous", "2024-01-01", "The plan was adopted on 28/11/2023 by the board.", "28/11/2023 = 2023-11-28"),
        ("slash_month_first_unambiguous", "2024-01-01", "The plan was adopted on 11/28/2023 by the board.", "11/28/2023 = 2023-11-28"),
        ("slash_ambiguous_skipped", "2024-01-01", "The plan was adopted on 03/05/2023 by the board.", ""),
        ("invalid_day_keeps_the_month", "2024-01-01", "The plan was adopted on 31 February 2023 by the board.", "February 2023 = 2023-02"),
        ("cjk", "2024-01-01", "The plan was adopted on 2023年11月28日 by the board.", "2023年11月28日 = 2023-11-28"),
        ("korean_spaced_dots", "2025-05-20", "배포일시: 2025. 5. 14.(수) 우정사업본부는 협약을 체결했다.", "2025. 5. 14. = 2025-05-14"),
        ("month_year", "2024-01-01", "The service was launched in November 2023 across the region.", "November 2023 = 2023-11"),
        ("mid_month_year", "2024-01-01", "The service was launched in mid-November 2023 across the region.", "mid-November 2023 = 2023-11"),
        ("early_year", "2024-06-01", "The line will open in early 2025, the ministry said.", "early 2025 = 2025"),
        ("end_of_year_explicit", "2024-06-01", "The network will be complete by the end of 2025, it said.", "the end of 2025 = 2025-12-31"),
        ("end_hyphen_year", "2024-06-01", "The guide is to be published by end-2025 at the latest.", "end-2025 = 2025-12-31"),
        ("end_of_hyphenated", "2024-06-01", "The guide met its end-of-2025 target early.", "end-of-2025 = 2025-12-31"),
        ("mid_year_deadline", "2025-08-15", "The members will finish the study by mid-2026.", "mid-2026 = 2026-06-30"),
        ("mid_year_plain", "2025-08-15", "The study began in mid-2024 with six members.", "mid-2024 = 2024"),
        ("start_of_year", "2025-08-15", "The rule has applied since the start of 2025 in all members.", "the start of 2025 = 2025-01"),
        ("end_of_month_year", "2024-06-01", "Reports are due by the end of March 2025 from each member.", "the end of March 2025 = 2025-03-31"),
        ("end_of_q1_year", "2025-02-12", "The guide will be issued by the end of Q1 2026.", "the end of Q1 2026 = 2026-03-31"),
        ("year_end_year", "2024-02-12", "The network will be complete by year-end 2025.", "year-end 2025 = 2025-12-31"),
        ("end_of_quarter_of_year", "2025-02-12", "The guide will be issued before the end of the first quarter of 2026.", "the end of the first quarter of 2026 = 2026-03-31"),
        ("iso_year_month", "2024-06-01", "The figures for 2024-03 were published by the ministry.", "2024-03 = 2024-03"),
        ("fiscal_year", "2024-06-01", "The budget for FY2025 was approved by the assembly.", "FY2025 = 2025"),
        ("season_year", "2024-06-01", "The trial will run in spring 2025 in two cities.", "spring 2025 = 2025-03..2025-05"),
        ("cjk_year", "2025-09-04", "中国邮政2024年的包裹业务量大幅增长。", "2024年 = 2024"),
        ("cjk_month_day", "2025-09-04", "中国邮政于9月3日在北京签署了合作备忘录。", "9月3日 = 2025-09-03"),
    ]);
}

#[rustfmt::skip]
#[test]
fn ranges() {
    check(&[
        ("month_day_to_month_day", "2008-01-01", "The exhibition ran April 16-May 4, 2007 in Bern.", "April 16-May 4, 2007 = 2007-04-16..2007-05-04"),
        ("day_day_month_year", "2024-01-01", "The forum will be held on 16-18 April 2024 in Bangkok.", "16-18 April 2024 = 2024-04-16..2024-04-18"),
        ("day_and_day_month_year", "2025-06-05", "The talks were held on 3 and 4 June 2025 in Seoul.", "3 and 4 June 2025 = 2025-06-03..2025-06-04"),
        ("from_day_to_day_month", "2024-01-05", "The workshop will run from 17 to 28 January in Geneva.", "17 to 28 January = 2024-01-17..2024-01-28"),
        ("between_months_year", "2024-12-01", "Trials will take place between March and May 2025 in three cities.", "March and May 2025 = 2025-03..2025-05"),
        ("between_months_no_year", "2025-11-07", "Volumes grew between January and September, the group said.", "January and September = 2025-01..2025-09"),
        ("month_list_is_not_a_range", "2024-12-01", "Trials took place in March and May 2024 in three cities.", "March = 2024-03 ; May 2024 = 2024-05"),
        ("month_dash_month_year", "2024-12-01", "Trials will take place in March-May 2025 in three cities.", "March-May 2025 = 2025-03..2025-05"),
        ("year_dash_year", "2024-01-01", "The 2024-2026 action plan was adopted by the council.", "2024-2026 = 2024..2026"),
        ("from_year_to_year", "2024-01-01", "Volumes grew from 2020 to 2023 in every member country.", "2020 to 2023 = 2020..2023"),
        ("year_short_range", "2024-01-01", "The 2023-24 season was a record for the company.", "2023-24 = 2023..2024"),
        ("from_date_to_date", "2024-01-01", "The consultation is open from 1 March to 30 April 2025 for all members.", "1 March to 30 April 2025 = 2025-03-01..2025-04-30"),
        ("two_full_dates_dash", "2024-01-01", "The event runs 30 December 2024 – 2 January 2025 in Seoul.", "30 December 2024 – 2 January 2025 = 2024-12-30..2025-01-02"),
        ("first_half", "2024-06-01", "The system will launch in the first half of 2025, the minister said.", "the first half of 2025 = 2025-01..2025-06"),
        ("second_half_this_year", "2024-03-01", "Tests will begin in the second half of this year, it said.", "the second half of this year = 2024-07..2024-12"),
        ("second_half_the_year", "2025-03-13", "It will report in the second half of the year.", "the second half of the year = 2025-07..2025-12"),
        ("h2", "2025-12-02", "Training follows in H2 2026 for all staff.", "H2 2026 = 2026-07..2026-12"),
        ("q3", "2024-06-01", "Delivery is expected in Q3 2025 at the latest.", "Q3 2025 = 2025-07..2025-09"),
        ("third_quarter", "2024-06-01", "Delivery is expected in the third quarter of 2025 at the latest.", "the third quarter of 2025 = 2025-07..2025-09"),
        ("first_months_of_this_year", "2025-09-22", "Volumes reached 9.6 million items in the first eight months of this year.", "the first eight months of this year = 2025-01..2025-08"),
    ]);
}

#[rustfmt::skip]
#[test]
fn year_less_dates_take_the_year_of_their_tense() {
    check(&[
        ("past_on_or_before_anchor", "2023-12-01", "On November 28, the meeting was held in Hangzhou.", "November 28 = 2023-11-28"),
        ("future_next_after_anchor", "2023-12-10", "The ministers will meet on 15 January in Seoul.", "15 January = 2024-01-15"),
        ("future_same_year", "2023-03-10", "The ministers will meet on 15 June in Seoul.", "15 June = 2023-06-15"),
        ("past_previous_year", "2024-01-10", "The agreement was signed on December 20 in Paris.", "December 20 = 2023-12-20"),
        ("no_tense_nearest", "2024-01-10", "Deadline: December 20 for all entries from members.", "December 20 = 2023-12-20"),
        ("abbrev_ordinal", "2023-12-01", "The parties met on Nov 28th in Hangzhou.", "Nov 28th = 2023-11-28"),
        ("ordinal_of", "2023-12-01", "The parties met on the 28th of November in Hangzhou.", "28th of November = 2023-11-28"),
        ("bare_ordinal_skipped", "2023-12-01", "The parties met on the 28th in Hangzhou.", ""),
        ("in_month_future", "2024-11-20", "The two sides will sign the agreement in March in Tokyo.", "March = 2025-03"),
        ("in_month_past", "2024-11-20", "The two sides signed the agreement in March in Tokyo.", "March = 2024-03"),
        ("scheduled_for_month", "2024-11-20", "A follow-up meeting is scheduled for February in Seoul.", "February = 2025-02"),
        ("last_month_name", "2025-06-05", "The council met last October in Bern.", "last October = 2024-10"),
        ("mid_month", "2023-12-01", "Talks were held in mid-November between the parties.", "mid-November = 2023-11"),
        ("end_of_month_deadline", "2024-04-10", "The parties agreed to finish the study by the end of March.", "the end of March = 2025-03-31"),
        ("end_of_month_same_year", "2024-02-10", "The parties agreed to finish the study by the end of March.", "the end of March = 2024-03-31"),
        ("deadline_far_from_its_verb", "2024-12-12", "The two operators agreed to launch a tracked small-packet service between Manila and Kuala Lumpur by the end of March and to harmonise the forms used for e-commerce items.", "the end of March = 2025-03-31"),
        ("deadline_in_past_promise", "2025-10-03", "\"We promised the Council a clear picture by September,\" she said.", "September = 2025-09"),
        ("were_to_nearest", "2025-09-22", "The two operators were to open the lane by 14 September.", "14 September = 2025-09-14"),
        ("decided_after_date_is_past", "2025-03-13", "On Wednesday, the final day, the Council decided to set up a task force.", "Wednesday = 2025-03-12"),
        ("month_next_year", "2024-06-10", "The line will open in March next year, officials said.", "March next year = 2025-03"),
        ("month_last_year", "2026-01-06", "The service was suspended in June last year, officials said.", "June last year = 2025-06"),
        ("holiday", "2026-01-06", "From New Year's Day, customers are again entitled to a refund.", "New Year's Day = 2026-01-01"),
        ("recurring_month_skipped", "2025-12-02", "Both report to their boards each year in December.", ""),
        ("may_verb_is_not_a_month", "2024-06-10", "The parties may meet again to review progress.", ""),
        ("reported_clause_takes_its_own_tense", "2025-10-09", "The director said that from January the company would screen all parcels.", "January = 2026-01"),
        ("said_on_a_day_is_past", "2025-10-09", "The director said on 2 October that the company would screen all parcels.", "2 October = 2025-10-02"),
    ]);
}

#[rustfmt::skip]
#[test]
fn weekdays() {
    check(&[
        ("past_same_day", "2024-07-10", "Korea Post announced Wednesday that it took part in the meeting.", "Wednesday = 2024-07-10"),
        ("past_earlier_in_week", "2024-07-10", "The ministers met on Monday in Bangkok.", "Monday = 2024-07-08"),
        ("future_next", "2024-07-10", "The ministers will meet on Friday in Bangkok.", "Friday = 2024-07-12"),
        ("future_same_weekday_is_next_week", "2024-07-10", "The ministers will meet on Wednesday in Bangkok.", "Wednesday = 2024-07-17"),
        ("last_weekday", "2024-07-10", "The board approved it last Thursday after a long debate.", "last Thursday = 2024-07-04"),
        ("next_weekday", "2024-07-10", "The board approves it next Monday, the chair said.", "next Monday = 2024-07-15"),
        ("weekday_with_day_fixes_the_year", "2024-12-20", "The service starts on Friday 3 January at all counters.", "Friday 3 January = 2025-01-03"),
        ("weekday_schedule_skipped", "2024-07-10", "Counters are open Monday to Friday and every Saturday morning.", ""),
        ("weekday_plural_schedule", "2024-07-10", "Large offices also open on Saturday mornings.", ""),
        ("named_day_is_not_a_weekday", "2024-11-20", "Parcel volumes peak after Black Friday, the post said.", ""),
        ("weekday_evening", "2025-10-16", "The award was presented on Wednesday evening in Bern.", "Wednesday = 2025-10-15"),
        ("participle_before_the_day_governs_it", "2025-10-09", "Four posts pledged to tighten controls, in a joint statement released late on Wednesday.", "Wednesday = 2025-10-08"),
    ]);
}

#[rustfmt::skip]
#[test]
fn relative_dates() {
    check(&[
        ("today", "2024-07-10", "The two Posts signed the agreement today in Seoul.", "today = 2024-07-10"),
        ("yesterday", "2024-07-10", "The two Posts signed the agreement yesterday in Seoul.", "yesterday = 2024-07-09"),
        ("tomorrow", "2024-07-10", "The two Posts will sign the agreement tomorrow in Seoul.", "tomorrow = 2024-07-11"),
        ("last_week", "2024-07-10", "The two Posts signed the agreement last week in Seoul.", "last week = 2024-07-01..2024-07-07"),
        ("this_month", "2024-07-10", "The service will start this month in all provinces.", "this month = 2024-07"),
        ("earlier_this_month", "2024-07-10", "The service started earlier this month in all provinces.", "earlier this month = 2024-07"),
        ("next_month", "2024-12-10", "The service will start next month in all provinces.", "next month = 2025-01"),
        ("last_year", "2024-07-10", "Volumes fell to 17.20 million items last year, the report said.", "last year = 2023"),
        ("this_year", "2024-07-10", "The service will resume this year across the network.", "this year = 2024"),
        ("later_this_year", "2024-07-10", "The service will resume later this year across the network.", "later this year = 2024"),
        ("later_in_the_year", "2024-07-10", "The extension is planned for later in the year.", "later in the year = 2024"),
        ("next_year", "2024-07-10", "The service will resume next year across the network.", "next year = 2025"),
        ("start_of_the_year", "2025-10-03", "Seventeen members send data, up from 11 at the start of the year.", "the start of the year = 2025-01"),
        ("end_of_this_year", "2024-07-10", "The CEOs agreed to resume the service by the end of this year.", "the end of this year = 2024-12-31"),
        ("end_of_the_year", "2024-07-10", "The CEOs agreed to resume the service by the end of the year.", "the end of the year = 2024-12-31"),
        ("end_of_the_year_just_ended", "2026-01-06", "\"We told our customers we would restore the guarantee by the end of the year, and we did,\" he said.", "the end of the year = 2025-12-31"),
        ("year_end", "2024-07-10", "The CEOs agreed to resume the service before year-end.", "year-end = 2024-12-31"),
        ("end_of_next_month", "2024-07-10", "The report is due by the end of next month, the council said.", "the end of next month = 2024-08-31"),
        ("end_of_third_quarter", "2025-06-06", "Members will report by the end of the third quarter.", "the end of the third quarter = 2025-09-30"),
        ("week_of_month", "2025-12-10", "Delivery times fell to five days in the first week of December.", "the first week of December = 2025-12-01..2025-12-07"),
        ("planned_for_quarter_nearest", "2025-10-24", "The pilot, planned for the third quarter, has not started.", "the third quarter = 2025-07..2025-09"),
        ("third_quarter_past", "2025-10-24", "The pilot was delayed in the third quarter by customs work.", "the third quarter = 2025-07..2025-09"),
        ("within_months", "2024-07-10", "The parties will set up the office within six months, the ministry said.", "within six months = 2025-01-10"),
        ("within_days", "2024-07-10", "Members shall reply within 90 days, the council said.", "within 90 days = 2024-10-08"),
        ("within_of_signature", "2025-01-15", "The office opens within four months of the signing of this Memorandum.", "within four months of the signing = 2025-05-15"),
        ("within_spelled_and_figures", "2025-05-08", "Each Party shall reply within sixty (60) days of the Effective Date.", "within sixty (60) days of the Effective Date = 2025-07-07"),
        ("within_of_this_statement", "2026-09-24", "The Sides will publish a guide within twelve months of this Statement.", "within twelve months of this Statement = 2027-09-24"),
        ("within_of_other_event_is_a_duration", "2024-07-10", "Claims can be filed within 30 days of posting.", ""),
        ("after_days_is_a_duration", "2024-12-12", "They agreed after two days of talks in Kuala Lumpur.", ""),
        ("in_years", "2024-07-10", "The network will be complete in two years, the ministry said.", "two years = 2026-07-10"),
        ("in_years_past_is_a_duration", "2024-07-10", "Volumes doubled in two years across the region.", ""),
        ("days_later", "2025-11-28", "The group met on 24 November in Seoul. Two days later in Hanoi, the posts signed.", "24 November = 2025-11-24 ; Two days later = 2025-11-26"),
        ("days_later_skips_deadlines", "2025-11-28", "They met on 24 November and agreed to act by 31 January. Two days later, the posts signed.", "24 November = 2025-11-24 ; 31 January = 2026-01-31 ; Two days later = 2025-11-26"),
        ("the_next_day", "2025-11-28", "They met on 24 November 2025 and signed the next day.", "24 November 2025 = 2025-11-24 ; the next day = 2025-11-25"),
        ("later_without_a_day_is_dropped", "2025-11-28", "Two days later, the posts signed.", ""),
        ("years_ago", "2024-07-10", "The alliance was founded two years ago in Bangkok.", "two years ago = 2022"),
        ("next_spring", "2024-07-10", "The pilot will start next spring in two provinces.", "next spring = 2025-03..2025-05"),
        ("this_winter", "2024-07-10", "The network will be tested this winter in the north.", "this winter = 2024-12..2025-02"),
        ("month_of_this_year", "2024-07-10", "The office opened in March of this year in Busan.", "March of this year = 2024-03"),
        ("this_quarter", "2024-07-10", "Results will be published this quarter by the group.", "this quarter = 2024-07..2024-09"),
        ("cjk_last_year", "2025-05-14", "中国邮政去年的包裹业务量大幅增长。", "去年 = 2024"),
    ]);
}

#[rustfmt::skip]
#[test]
fn bare_years_only_in_date_context() {
    check(&[
        ("established_in", "2024-07-10", "Established in 2002 by six postal operators, the group has grown.", "2002 = 2002"),
        ("by_year", "2024-07-10", "The members aim to connect their networks by 2025 at the latest.", "2025 = 2025"),
        ("since_year", "2024-07-10", "The service has been suspended since 2020 in most countries.", "2020 = 2020"),
        ("during_year", "2025-02-12", "The guide will be tested during 2026 by volunteers.", "2026 = 2026"),
        ("for_year", "2025-06-06", "The cooperative raised its on-time target for 2026 to 95 percent.", "2026 = 2026"),
        ("same_period_of", "2025-09-22", "Volumes rose 38 percent on the same period of 2024.", "2024 = 2024"),
        ("year_annual", "2024-07-10", "The company presented its 2023 annual report to the board.", "2023 = 2023"),
        ("list_of_years", "2024-07-10", "Meetings were held in 2019, 2021 and 2023 in Asia.", "2019 = 2019 ; 2021 = 2021 ; 2023 = 2023"),
        ("sentence_start", "2024-07-10", "2023 was a record year for parcel volumes.", "2023 = 2023"),
        ("compared_with", "2024-07-10", "Trade rose 12.5 per cent compared with 2022.", "2022 = 2022"),
        ("of_year_after_noun", "2024-01-23", "It builds on their first agreement of 2007.", "2007 = 2007"),
        ("total_of_is_a_count", "2024-01-23", "A total of 2000 staff were trained.", ""),
        ("year_naming_an_event", "2024-01-23", "The plan was adopted at the 2019 Istanbul Congress.", "2019 = 2019"),
        ("the_count_is_not_a_year", "2024-01-23", "The post hired the 2000 workers it needed.", ""),
        ("regulation_number", "2024-07-10", "Regulation (EU) 2019/1020 applies to parcels.", ""),
        ("standard_year", "2024-07-10", "Centres are certified to ISO 9001:2015 in all regions.", ""),
        ("fiscal_range", "2024-07-10", "Revenue grew in the 2024/25 financial year.", "2024/25 = 2024..2025"),
        ("agenda_year", "2024-07-10", "The Posts support the 2030 Agenda for Sustainable Development.", "2030 = 2030"),
        ("in_parentheses", "2024-07-10", "The Istanbul Postal Strategy (2017) set the goals.", "2017 = 2017"),
        ("count_is_not_a_year", "2024-07-10", "The company hired 2000 employees in the region.", ""),
        ("in_count_is_not_a_year", "2024-07-10", "The service is available in 2000 cities worldwide.", ""),
        ("money_is_not_a_year", "2024-07-10", "The fee was raised to $2,025 for each member.", ""),
        ("currency_code_is_not_a_year", "2024-07-10", "The grant of USD 2025 was paid in full.", ""),
        ("registration_number", "2024-07-10", "The decision was published as No. 2023-14 in the gazette.", ""),
        ("phone_number", "2024-07-10", "Customers can call 8610 2023 1185 for help with parcels.", ""),
        ("version_number", "2024-07-10", "The app was updated to v2.0 with 2024 features for users.", ""),
        ("decimal_count", "2024-07-10", "Volumes fell from 26.15 million items in 2020 to 17.20 million items last year.", "2020 = 2020 ; last year = 2023"),
    ]);
}

#[test]
fn without_an_anchor_relative_dates_stay_unresolved() {
    let text = "The ministers met on Wednesday and agreed to finish by the end of this year, \
                after talks on November 28 and in 2023.";
    let got = find_dates(text, &sentences(text), None);
    let summary: Vec<(&str, Option<String>, &str)> = got
        .iter()
        .map(|m| {
            (
                m.text.as_str(),
                m.value.map(|v| v.to_string()),
                m.trace.as_str(),
            )
        })
        .collect();
    let unresolved = "unresolved: no publication date";
    assert_eq!(
        summary,
        vec![
            ("Wednesday", None, unresolved),
            ("the end of this year", None, unresolved),
            ("November 28", None, unresolved),
            ("2023", Some("2023".to_string()), "absolute"),
        ]
    );
}

#[test]
fn chrome_is_skipped_but_a_signature_date_line_counts() {
    let text = "• 2024 Stamps\n• Contact Us\nPostal Business: 8610 11185\n\n\
                The ministers met in 2023.\n\nRegister number: 2023-14\nPowered by 2024 Post\n\n\
                Brussels, 12 February 2025\n\nCopyright 01.01.2025 | Sitemap\n\
                Tariffs from 01.01.2025\n\n11 – 15 March 2024\n\nDate: 14 March 2025\n";
    assert_eq!(
        found(text, Some("2025-02-12")),
        "2023 = 2023 ; 12 February 2025 = 2025-02-12 ; 11 – 15 March 2024 = 2024-03-11..2024-03-15 ; \
         14 March 2025 = 2025-03-14"
    );
}

#[test]
fn traces_say_how_values_were_resolved() {
    let text = "On November 28, the meeting was held. They agreed to act by the end of this year.";
    let got = find_dates(text, &sentences(text), "2023-12-01".parse().ok());
    let traces: Vec<&str> = got.iter().map(|m| m.trace.as_str()).collect();
    assert_eq!(
        traces,
        vec![
            "anchor 2023-12-01, past tense -> 2023-11-28",
            "anchor 2023-12-01 + end of year -> 2023-12-31"
        ]
    );
    assert_eq!(got[0].rule, "date.partial.day");
    assert_eq!(got[1].rule, "date.relative.end_of_year");
}

#[test]
fn deadline_is_the_last_day_of_the_period() {
    let text = "They will finish by 2025, by March 2026 and between March and May 2027.";
    let got = find_dates(text, &sentences(text), "2024-01-01".parse().ok());
    let deadlines: Vec<String> = got
        .iter()
        .filter_map(deadline_of)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(deadlines, vec!["2025-12-31", "2026-03-31", "2027-05-31"]);
}

#[test]
fn every_rule_id_is_declared() {
    let text = "On November 28, 2023 and 28 November 2023 and 2023-11-28 and 28.11.2023 and in \
                November 2023 and on 16-18 April 2024 and by the end of this year and within \
                six months and in 2002 and Q3 2025 and the first half of 2025 and on Wednesday \
                and on New Year's Day and in March and on 2023年11月28日 and 2024年 and mid-2026 \
                and the start of the year and from 1 March to 30 April 2025 and 2024-03 and \
                FY2025 and spring 2025 and end-2025 and March next year and two years ago.";
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let found = find_dates(text, &sentences(text), "2024-07-10".parse().ok());
    assert!(found.len() > 20);
    for m in found {
        assert!(ids.contains(&m.rule.as_str()), "undeclared rule {}", m.rule);
    }
}

#[test]
fn mentions_never_overlap_and_stay_in_order() {
    let text = "From 2020 to 2023, and on 16-18 April 2024, by the end of March 2025 and in \
                mid-November, the Posts met on Nov. 28, 2023 and 28.11.2023 and next year.";
    let got = find_dates(text, &sentences(text), "2024-07-10".parse().ok());
    for pair in got.windows(2) {
        assert!(
            pair[0].span.1 <= pair[1].span.0,
            "{:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn never_panics_on_odd_text() {
    // A fixed pseudo-random mix of date-like tokens, CJK, punctuation and line breaks.
    let tokens = [
        "2023",
        "-",
        "–",
        "/",
        ".",
        ",",
        "11",
        "28",
        "November",
        "Nov.",
        "the end of",
        "by",
        "年",
        "月",
        "日",
        "한국",
        "5월",
        "14일",
        "\n",
        "\n\n",
        "|",
        "(",
        ")",
        "Wednesday",
        "next",
        "within",
        "six",
        "months",
        "of",
        "Q3",
        "H2",
        "mid-",
        "’s",
        "\u{c}",
        "•",
        "1.",
        "é",
        "2,025",
        "$",
        "No.",
        "from",
        "to",
        "and",
        "between",
        "last",
        "year",
        "today",
        "week",
        "first",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..40 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(tokens[(state % tokens.len() as u64) as usize]);
            if state.is_multiple_of(3) {
                text.push(' ');
            }
        }
        let s = sentences(&text);
        let anchor = crate::analyze::published::publication_date(&text, &s);
        for m in find_dates(&text, &s, anchor.or("2024-02-29".parse().ok())) {
            assert_eq!(m.span.slice(&text), m.text);
        }
    }
}

fn seed(prefix: &str) -> Option<String> {
    let dir = std::fs::read_dir("/work/shared/seeds").ok()?;
    let path = dir.flatten().map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    std::fs::read_to_string(path).ok()
}

fn seed_dates(prefix: &str) -> Option<String> {
    let text = seed(prefix)?;
    let s = sentences(&text);
    let anchor = crate::analyze::published::publication_date(&text, &s)?;
    Some(found(&text, Some(&anchor.to_string())))
}

#[test]
fn seed_000_trilateral_meeting() {
    let Some(got) = seed_dates("000_") else {
        return; // the seeds live beside the project, not in it
    };
    assert_eq!(got, "2023-12-01 = 2023-12-01 ; November 28 = 2023-11-28");
}

#[test]
fn seed_004_kahala_ceo_meeting() {
    let Some(got) = seed_dates("004_") else {
        return;
    };
    assert_eq!(
        got,
        "2024-07-10 = 2024-07-10 ; Wednesday = 2024-07-10 ; Wednesday = 2024-07-10 ; \
         2002 = 2002 ; 2020 = 2020 ; last year = 2023 ; the end of this year = 2024-12-31"
    );
}

#[test]
fn words_whose_lower_case_changes_length_before_a_year() {
    // "İ" lower-cases to two chars and "ẞ" to a shorter one: the word before a year is measured
    // as written, never by its lower case.
    for text in [
        "It was founded in İİ 2023 and grew.",
        "It was founded in ẞẞ 2023 and grew.",
        "the KK 2023 plan",
    ] {
        let s = sentences(text);
        for m in find_dates(text, &s, "2024-01-01".parse().ok()) {
            assert_eq!(m.span.slice(text), m.text, "{text}");
        }
    }
}

/// The word-start search finds exactly the matches (spans and groups) of a scan of the whole
/// text, for every date regex, on a pseudo-random soup of date words, numbers and separators.
#[test]
fn anchored_search_at_words_equals_the_whole_scan() {
    let tokens = [
        "the",
        "The",
        "THE",
        "end",
        "of",
        "year",
        "year's",
        "month",
        "week",
        "quarter",
        "half",
        "first",
        "second",
        "third",
        "fourth",
        "last",
        "1st",
        "2nd",
        "3rd",
        "4th",
        "latter",
        "next",
        "this",
        "coming",
        "past",
        "previous",
        "current",
        "following",
        "day",
        "days",
        "weeks",
        "months",
        "years",
        "ago",
        "later",
        "earlier",
        "early",
        "mid",
        "late",
        "middle",
        "start",
        "beginning",
        "within",
        "in",
        "In",
        "a",
        "an",
        "one",
        "two",
        "twenty",
        "twenty-one",
        "hundred",
        "period",
        "today",
        "tonight",
        "new",
        "New",
        "Christmas",
        "spring",
        "fall",
        "fiscal",
        "FY",
        "FY2024",
        "H1",
        "Q3",
        "q2",
        "March",
        "MARCH",
        "march",
        "Sept",
        "Sept.",
        "May",
        "may",
        "Monday",
        "MONDAY",
        "Mon",
        "Tues",
        "Wed.",
        "to",
        "until",
        "and",
        "through",
        "between",
        "from",
        "by",
        "2023",
        "2025",
        "1999",
        "2200",
        "24",
        "5",
        "07",
        "0",
        "100",
        "123",
        "20231",
        "100 days",
        "90 weeks",
        "1,000",
        "16-18",
        "31st",
        "2024-07",
        "12/03/2024",
        "2025.4.9",
        "2025.",
        "28.11.2023",
        "T10:00Z",
        "-",
        "–",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        ",",
        ".",
        "(",
        ")",
        "|",
        "'s",
        "’s",
        "x",
        "_",
        "é",
        "ing",
        "spring2025",
        "mid2025",
        "of2025",
        "2023to2025",
        "16to18",
        "Q32025",
        "end-",
        "year-end",
        "month-end",
        "the\u{a0}end",
        "\t",
        "Nov",
        "DEC",
        "Thurs",
        "Friday,",
        "a.m.",
    ];
    // Chars that send a text to the whole scan: in one text of ten only.
    let special = ["2024年", "9月3日", "٣", "ſ", "K"];
    let regexes: [&DateRegex; 7] = [
        &RX_FULL,
        &RX_DAY_RANGE,
        &RX_MONTH_DAY,
        &RX_MONTH,
        &RX_YEAR,
        &RX_REL,
        &RX_WEEKDAY,
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut compared = 0;
    for i in 0..1500 {
        let mut text = String::new();
        for _ in 0..60 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(tokens[(state % tokens.len() as u64) as usize]);
            if i % 10 == 0 && state % 20 == 1 {
                text.push_str(special[(state / 20 % special.len() as u64) as usize]);
            }
            if !state.is_multiple_of(5) {
                text.push(' ');
            }
        }
        let scan = Scan::new(&text);
        for rx in regexes {
            let fast: Vec<Vec<Option<(usize, usize)>>> =
                scan.matches(rx).iter().map(|c| c.all_groups()).collect();
            let slow: Vec<Vec<Option<(usize, usize)>>> = rx
                .whole_scan(&text)
                .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
                .collect();
            assert_eq!(fast, slow, "{text:?}");
            compared += slow.len();
        }
    }
    assert!(compared > 5000, "too few matches to compare: {compared}");
}

/// The dateline reads the first lines through a prefix of the whole text's scan: at every cut,
/// its full dates are those of a fresh scan of the prefix, including cuts inside a word, and
/// texts whose non-ASCII digits or 年 lie before or after the cut.
#[test]
fn a_prefix_of_the_scan_finds_the_full_dates_of_the_prefix() {
    let cases = [
        (
            "plain",
            "Seoul, 12 March 2025\nPublished: 2025-03-12 | News\nOn 4 April 2025 they met.\n",
        ),
        (
            "across_lines",
            "Signed on 12 March\n2025 in Hanoi; 1 May 2025\n",
        ),
        (
            "digit_after_cut",
            "Date: 3 May 2024\nCount: \u{663}\u{664} items, 5 May 2024\n",
        ),
        (
            "digit_before_cut",
            "\u{663} items on 3 May 2024\nthen 5 May 2024\n",
        ),
        (
            "cjk_year_after_cut",
            "On 7 June 2023 the Posts met.\n2023年6月7日 会议\n",
        ),
        (
            "weekday_and_iso",
            "Tuesday, November 28, 2023 | 2023/11/28\nMon. 4 Dec 2023\n",
        ),
    ];
    let full = |scan: &Scan| -> Vec<Vec<Option<(usize, usize)>>> {
        scan.matches(&RX_FULL)
            .iter()
            .map(|c| c.all_groups())
            .collect()
    };
    for (id, text) in cases {
        let scan = Scan::new(text);
        let mut compared = 0;
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let fresh = Scan::new(&text[..end]);
            assert_eq!(full(&scan.prefix(end)), full(&fresh), "{id} cut at {end}");
            compared += full(&fresh).len();
        }
        assert!(compared > 0, "{id}: no full date found at any cut");
    }
}

/// Long runs of date-like tokens cost time in proportion to their length: a run of
/// dash-joined years (one "word" back to its start for every year) and a table row of dates.
#[test]
fn long_runs_stay_linear() {
    for (id, unit, n) in [
        ("joined_years", "2023-2024-", 20_000),
        ("table_row", "| 31.03.2026 ", 20_000),
        ("spaced_years", "in 2023 ", 20_000),
    ] {
        let small = unit.repeat(n / 10);
        let big = unit.repeat(n);
        let time = |text: &str| {
            let t = std::time::Instant::now();
            let s = sentences(text);
            let found = find_dates(text, &s, "2024-01-01".parse().ok()).len();
            (t.elapsed().as_secs_f64(), found)
        };
        let (t_small, _) = time(&small);
        let (t_big, _) = time(&big);
        // Ten times the text: well under a hundred times the time (quadratic), with slack.
        assert!(
            t_big < t_small * 40.0 + 0.5,
            "{id}: {t_small:.3}s for {} bytes, {t_big:.3}s for {}",
            small.len(),
            big.len()
        );
    }
}

#[test]
fn itinerary_headings_carry_their_dates() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "numbered_heading_then_place",
            "Accra, 20 March 2026\n\n2.1 Monday, 9 March - The Hague. The delegation was received.\n",
            &["2026-03-20", "2026-03-09"],
        ),
        (
            "programme_lines",
            "Accra, 20 March 2026\n\nProgramme\n\nDay 2: Tuesday, 10 March - Bern\n\nDay 3: 11 March, Geneva\n\nThe delegation met the WTO.",
            &["2026-03-20", "2026-03-10", "2026-03-11"],
        ),
        (
            "a_number_before_a_date_is_not_a_heading",
            "Accra, 20 March 2026\n\nThe index rose 2.5 March figures said.",
            &["2026-03-20"],
        ),
    ];
    for (id, text, want) in cases {
        let a = crate::analyze::analyze(text, &crate::Hints::default());
        let got: Vec<String> = a
            .dates
            .iter()
            .filter_map(|d| d.value.as_ref().map(|v| v.to_string()))
            .collect();
        assert_eq!(got, *want, "{id}");
    }
}

#[rustfmt::skip]
#[test]
fn deadlines_in_table_cells() {
    let plan = |rows: &str| format!("Bangkok, 3 March 2025 - The meeting agreed on actions.\n\n{rows}\n");
    let cases = [
        ("framed rows", plan("| Action | Owner | Deadline |\n|---|---|---|\n| Circulate the template | APPU | 30 September 2025 |"),
         "3 March 2025 = 2025-03-03 ; 30 September 2025 = 2025-09-30"),
        ("rows without outer pipes", plan("No. | Action | Owner | Deadline\nA1 | Circulate the template | APPU | 30 September 2025"),
         "3 March 2025 = 2025-03-03 ; 30 September 2025 = 2025-09-30"),
        ("indented rows, a date in the first cell", plan("  15 May 2025 | Circulate the template | APPU\n  Date | Action | Owner"),
         "3 March 2025 = 2025-03-03 ; 15 May 2025 = 2025-05-15"),
        ("a lone line of links is not a table", plan("Home | 2024 Stamps | News"),
         "3 March 2025 = 2025-03-03"),
        ("nor a footer above a line of other links", plan("© 2025 PostalWire | Privacy | Terms\nContact us | Careers"),
         "3 March 2025 = 2025-03-03"),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(id, text, want)| {
            let got = found(text, Some("2025-03-03"));
            (got != *want).then(|| format!("{id}:\n    got  {got}\n    want {want}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
