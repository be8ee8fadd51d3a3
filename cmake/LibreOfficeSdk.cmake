# The LibreOffice SDK as CMake targets, for the UNO layer only (src/host, tests/e2e).
#
# Provides
#   LibreOffice::SDK        INTERFACE target: SDK headers (as SYSTEM), UNO defines, URE libraries.
#   kpi_uno_type_library()  IDL -> type library (.rdb) -> C++ headers for every office type and ours.
#   LO_PROGRAM_DIR, LO_UNOPKG, LO_SOFFICE   paths the tests and tools need.
# The pure core never includes this file's targets.

set(LO_SDK_DIR "/usr/lib/libreoffice/sdk" CACHE PATH "LibreOffice SDK root")
set(LO_PROGRAM_DIR "/usr/lib/libreoffice/program" CACHE PATH "LibreOffice program directory")
set(LO_INCLUDE_DIR "/usr/include/libreoffice" CACHE PATH "LibreOffice SDK headers")

find_program(LO_UNOIDL_WRITE unoidl-write PATHS "${LO_SDK_DIR}/bin" NO_DEFAULT_PATH REQUIRED)
find_program(LO_CPPUMAKER cppumaker PATHS "${LO_SDK_DIR}/bin" NO_DEFAULT_PATH REQUIRED)
find_program(LO_UNOPKG unopkg PATHS "${LO_PROGRAM_DIR}" NO_DEFAULT_PATH REQUIRED)
find_program(LO_SOFFICE soffice PATHS "${LO_PROGRAM_DIR}" NO_DEFAULT_PATH REQUIRED)
if(NOT EXISTS "${LO_INCLUDE_DIR}/cppu/macros.hxx")
  message(FATAL_ERROR "LibreOffice SDK headers not found in ${LO_INCLUDE_DIR} (install libreoffice-dev)")
endif()

# The office's own type libraries: every css:: type the generated headers may need.
set(LO_OFFICE_TYPE_LIBRARIES "${LO_PROGRAM_DIR}/types.rdb" "${LO_PROGRAM_DIR}/types/offapi.rdb")

add_library(lo_sdk INTERFACE)
add_library(LibreOffice::SDK ALIAS lo_sdk)
target_include_directories(lo_sdk SYSTEM INTERFACE "${LO_INCLUDE_DIR}")
target_compile_definitions(lo_sdk INTERFACE LINUX UNX CPPU_ENV=gcc3)
target_link_directories(lo_sdk INTERFACE "${LO_SDK_DIR}/lib")
target_link_libraries(lo_sdk INTERFACE uno_cppuhelpergcc3 uno_cppu uno_sal)

# kpi_uno_type_library(<target> IDL <file.idl>... RDB <out.rdb> TYPES <org.x.XIface>...)
# Compiles the IDL files into one type library holding exactly the listed TYPES, then generates
# C++ headers for all office types plus
# the listed own types into an absolute directory (cppumaker refuses relative -O). A stamp file
# keeps the 6000-header generation to once per change. <target> is an INTERFACE target that
# carries the generated include directory (SYSTEM) and the build-order dependency.
function(kpi_uno_type_library target)
  cmake_parse_arguments(ARG "" "RDB" "IDL;TYPES" ${ARGN})
  set(header_dir "${CMAKE_BINARY_DIR}/uno-headers")
  set(stamp "${header_dir}/.stamp")
  set(type_options)
  foreach(type IN LISTS ARG_TYPES)
    list(APPEND type_options "-T${type}")
  endforeach()
  set(extra_options)
  foreach(rdb IN LISTS LO_OFFICE_TYPE_LIBRARIES)
    list(APPEND extra_options "-X${rdb}")
  endforeach()

  # unoidl-write writes the entities named in this file, looked up in every IDL file given.
  set(entities_file "${CMAKE_CURRENT_BINARY_DIR}/${target}.entities")
  string(REPLACE ";" " " entities "${ARG_TYPES}")
  file(CONFIGURE OUTPUT "${entities_file}" CONTENT "${entities}\n")

  add_custom_command(OUTPUT "${ARG_RDB}"
    COMMAND "${LO_UNOIDL_WRITE}" ${LO_OFFICE_TYPE_LIBRARIES} ${ARG_IDL} "@${entities_file}" "${ARG_RDB}"
    DEPENDS ${ARG_IDL} "${entities_file}"
    COMMENT "unoidl-write ${ARG_IDL}"
    VERBATIM)
  add_custom_command(OUTPUT "${stamp}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${header_dir}"
    COMMAND "${LO_CPPUMAKER}" -Gc "-O${header_dir}" ${LO_OFFICE_TYPE_LIBRARIES}
    COMMAND "${LO_CPPUMAKER}" -Gc "-O${header_dir}" ${type_options} "${ARG_RDB}" ${extra_options}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS "${ARG_RDB}"
    COMMENT "cppumaker: C++ headers for the office types and ${ARG_TYPES}"
    VERBATIM)
  add_custom_target(${target}_generate DEPENDS "${ARG_RDB}" "${stamp}")

  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE "${header_dir}")
  target_link_libraries(${target} INTERFACE LibreOffice::SDK)
  add_dependencies(${target} ${target}_generate)
endfunction()
