# Runs a command and checks its exit status and, optionally, that its output contains a text.
# cmake -DCOMMAND="a;b;c" -DEXPECTED_STATUS=1 [-DEXPECTED_OUTPUT=text] -P expect_exit.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status STREQUAL EXPECTED_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECTED_STATUS}\n${out}${err}")
endif()
if(DEFINED EXPECTED_OUTPUT)
  string(FIND "${out}${err}" "${EXPECTED_OUTPUT}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "output lacks \"${EXPECTED_OUTPUT}\":\n${out}${err}")
  endif()
endif()
