# Runs the parser fuzzer briefly on a scratch copy of the seed corpus. A crash leaves its input in
# ARTIFACTS; copy it into tests/fuzz/regressions/ so it is replayed by every later test run.
# cmake -DFUZZER=... -DCORPUS=... [-DMORE_SEEDS=...] -DSCRATCH=... -DARTIFACTS=... -DSECONDS=20 -P run_fuzzer.cmake
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH} ${ARTIFACTS})
file(GLOB seeds ${CORPUS}/*)
if(DEFINED MORE_SEEDS)  # another folder of seed inputs (the robustness corpus of malformed rules)
  file(GLOB more ${MORE_SEEDS}/*)
  list(APPEND seeds ${more})
endif()
file(COPY ${seeds} DESTINATION ${SCRATCH})
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -max_len=4096 -timeout=5 -rss_limit_mb=1024
          -artifact_prefix=${ARTIFACTS}/ ${SCRATCH}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "fuzzer failed (${status}); crash inputs are in ${ARTIFACTS}\n${err}")
endif()
