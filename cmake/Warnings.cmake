# Warnings go through an INTERFACE target; every project target links it.
add_library(kpi_warnings INTERFACE)
target_compile_options(kpi_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
