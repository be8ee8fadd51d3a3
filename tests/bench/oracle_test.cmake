# ctest unit_evaluator_oracle: the evaluator's results on the perturbed tables of `kpi_bench_engine --dump`
# (duplicate and error keys, text numbers, placeholders, error cells, blanks mid-series, odd polarities, units
# and profiles, non-ASCII text; every result at three dates) must not change. The digests were recorded with the
# evaluator as it was before the speed work of December 2026 (docs/architecture.md, "Checking a speed change").
# A mismatch means a change altered some result: dump with the old and the new binary and diff the two files.
# Run as: cmake -DBENCH=kpi_bench_engine -DRULES=rules/ -DOUT=folder -P oracle_test.cmake
set(cases
  "council-monthly.kpirules|12|2000|f25f577f27751f66415586664f7c5d0fe30cbf094dd5596ec4cf570649d15f43"
  "spc-monthly.kpirules|24|500|437070864917f3e9d2a4084e20221ad15b0cb1e39d3acdfbd2793d5784f046c1"
  "quarterly-service-plan.kpirules|4|1000|229399aa4d7e3a759b539fbeaa8d9b594f31c632f929a0cc9fc51911a8274379")
set(failed "")
foreach(entry IN LISTS cases)
  string(REPLACE "|" ";" case "${entry}")
  list(GET case 0 rules)
  list(GET case 1 periods)
  list(GET case 2 rows)
  list(GET case 3 expected)
  set(out "${OUT}/oracle-${rules}.txt")
  execute_process(COMMAND "${BENCH}" --dump "${out}" "${RULES}/${rules}" ${periods} ${rows} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(SEND_ERROR "kpi_bench_engine --dump failed for ${rules} (status ${status})")
    continue()
  endif()
  file(SHA256 "${out}" digest)
  if(digest STREQUAL expected)
    message(STATUS "${rules}: ${rows} rows x ${periods} periods, results unchanged (${digest})")
  else()
    message(SEND_ERROR "${rules}: the evaluator's results changed: sha256 ${digest}, recorded ${expected} (${out})")
  endif()
endforeach()
