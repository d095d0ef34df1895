/**
 * The names of Spark 4's built-in functions: the function entries of FunctionRegistry.expressions (operators and
 * the SQL keywords it also registers — `and`, `between`, `in`, `=` — are syntax, not functions called by name),
 * by Spark's groups. The registry (functionRegistry.ts) says which of them Sluice runs.
 */
const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const SPARK_FUNCTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  misc_non_aggregate: words(`
    abs coalesce explode explode_outer greatest if inline inline_outer isnan ifnull isnull isnotnull least
    nanvl nullif nvl nvl2 posexplode posexplode_outer rand random randn stack when
  `),
  math: words(`
    acos acosh asin asinh atan atan2 atanh bin bround cbrt ceil ceiling cos sec cosh conv degrees e exp
    expm1 floor factorial hex hypot log log10 log1p log2 ln mod negative pi pmod positive pow power radians
    rint round shiftleft shiftright shiftrightunsigned sign signum sin csc sinh str_to_map sqrt tan cot tanh
    width_bucket div
  `),
  try: words(`
    try_add try_divide try_mod try_subtract try_multiply try_element_at try_avg try_sum try_to_binary
    try_to_timestamp try_aes_decrypt try_reflect try_url_decode try_to_date try_make_timestamp
    try_make_timestamp_ltz try_make_timestamp_ntz
  `),
  aggregate: words(`
    approx_count_distinct avg corr count count_if covar_pop covar_samp first first_value any_value kurtosis
    last last_value max max_by mean min min_by percentile percentile_cont percentile_disc median skewness
    percentile_approx approx_percentile histogram_numeric std stddev stddev_pop stddev_samp sum variance
    var_pop var_samp collect_list array_agg collect_set count_min_sketch every bool_and any some bool_or
    regr_count regr_avgx regr_avgy regr_r2 regr_sxx regr_sxy regr_syy regr_slope regr_intercept mode
    hll_sketch_agg hll_union_agg bit_and bit_or bit_xor bitmap_construct_agg bitmap_or_agg
    schema_of_variant_agg
  `),
  string: words(`
    ascii char chr collate collation contains startswith endswith base64 bit_length char_length
    character_length concat_ws decode elt encode find_in_set format_number format_string to_number
    try_to_number to_char to_varchar get_json_object initcap instr lcase length len levenshtein luhn_check
    like ilike lower octet_length locate lpad ltrim json_tuple position printf regexp_extract
    regexp_extract_all regexp_replace repeat replace overlay rlike regexp_like regexp rpad rtrim sentences
    soundex space split split_part substr substring left right substring_index translate trim btrim ucase
    unbase64 unhex upper xpath xpath_boolean xpath_double xpath_number xpath_float xpath_int xpath_long
    xpath_short xpath_string regexp_count regexp_substr regexp_instr is_valid_utf8 make_valid_utf8
    validate_utf8 try_validate_utf8 mask
  `),
  url: words("url_encode url_decode parse_url"),
  datetime: words(`
    add_months current_date curdate current_timestamp current_timezone localtimestamp datediff date_diff
    date_add dateadd date_format date_sub day dayofyear dayofmonth from_unixtime from_utc_timestamp hour
    last_day minute month months_between next_day now quarter second to_timestamp to_date to_binary
    to_unix_timestamp to_utc_timestamp to_timestamp_ntz to_timestamp_ltz trunc date_trunc unix_timestamp
    dayofweek weekday dayname weekofyear year window session_window window_time make_date make_timestamp
    monthname make_timestamp_ntz make_timestamp_ltz make_interval make_dt_interval make_ym_interval extract
    date_part datepart date_from_unix_date unix_date timestamp_seconds timestamp_millis timestamp_micros
    unix_seconds unix_millis unix_micros convert_timezone
  `),
  collection: words(`
    array array_contains arrays_overlap array_insert array_intersect array_join array_position array_size
    array_sort array_except array_union array_compact map named_struct element_at map_contains_key
    map_from_arrays map_keys map_values map_entries map_from_entries map_concat size slice cardinality
    arrays_zip sort_array shuffle array_min array_max array_append reverse concat flatten sequence
    array_repeat array_remove array_prepend array_distinct transform map_filter filter exists forall
    aggregate reduce transform_values transform_keys map_zip_with zip_with get struct
  `),
  misc: words(`
    assert_true raise_error crc32 md5 uuid hash xxhash64 sha sha1 sha2 aes_encrypt aes_decrypt
    spark_partition_id input_file_name input_file_block_start input_file_block_length
    monotonically_increasing_id current_database current_schema current_catalog current_user user
    session_user reflect java_method version typeof equal_null hll_sketch_estimate hll_union
  `),
  grouping: words("grouping grouping_id"),
  window: words("lead lag row_number cume_dist nth_value ntile rank dense_rank percent_rank"),
  bitwise: words("bit_count bit_get getbit"),
  bitmap: words("bitmap_bucket_number bitmap_bit_position bitmap_count"),
  json: words("to_json from_json schema_of_json json_array_length json_object_keys"),
  variant: words("parse_json try_parse_json is_variant_null variant_get try_variant_get schema_of_variant"),
  conversion: words(
    "cast boolean tinyint smallint int bigint float double decimal date timestamp binary string",
  ),
  csv: words("from_csv schema_of_csv to_csv"),
  xml: words("from_xml schema_of_xml to_xml"),
  avro: words("from_avro to_avro"),
};
