# test_install.cmake - installs the build tree into a scratch prefix, then
# builds examples/embed against the INSTALLED library twice (find_package,
# and pkg-config with the compiler directly), runs both, and compares their
# output with expected_output.txt.  Run by ctest as:
#   cmake -DBUILD_DIR=<build> -DWORK=<scratch> -DCC=<compiler>
#         [-DEXTRA_FLAGS=...] -P test_install.cmake
set(SRC ${CMAKE_CURRENT_LIST_DIR})
set(PREFIX ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

function(check_output what out)
  file(READ ${SRC}/expected_output.txt expected)
  string(REGEX REPLACE "embedding nabla [^\n]*\n" "" out "${out}")
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "${what}: output differs\n--- expected\n${expected}--- got\n${out}")
  endif()
  message(STATUS "${what}: output as expected")
endfunction()

run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
foreach(f include/nabla.h lib/libnabla.a lib/pkgconfig/nabla.pc lib/cmake/Nabla/NablaConfig.cmake)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "install did not put ${f} in the prefix")
  endif()
endforeach()

# find_package(Nabla)
run("configure with find_package" ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/cmake-build
    -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_C_COMPILER=${CC} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_C_FLAGS=${EXTRA_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_FLAGS}")
run("build with find_package" ${CMAKE_COMMAND} --build ${WORK}/cmake-build)
run("run the find_package build" ${WORK}/cmake-build/embed_host)
check_output("find_package build" "${LAST_OUTPUT}")

# pkg-config, the way a Makefile would use it
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/lib/pkgconfig)
run("pkg-config" ${PKG_CONFIG} --cflags --libs --static nabla)
string(STRIP "${LAST_OUTPUT}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(extra UNIX_COMMAND "${EXTRA_FLAGS}")
run("build with pkg-config" ${CC} ${extra} ${SRC}/host.c ${flags} -o ${WORK}/pkgconfig_host)
run("run the pkg-config build" ${WORK}/pkgconfig_host)
check_output("pkg-config build" "${LAST_OUTPUT}")
file(REMOVE_RECURSE ${WORK})
