# Fails when BINARY links GNU readline: the stress tool shares the client
# library, but only inventory-client's menu may need a terminal library.
execute_process(COMMAND ldd ${BINARY} OUTPUT_VARIABLE libs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ldd ${BINARY} failed")
endif()
if(libs MATCHES "libreadline")
  message(FATAL_ERROR "${BINARY} links readline:\n${libs}")
endif()
