# install.cmake - what `cmake --install` puts in the prefix: the public
# header, one static library holding everything (VM, builtins and the tensor
# engine: a host links a single archive), a pkg-config file and a CMake
# package with the imported target Nabla::nabla.
#
# Included from the top-level CMakeLists.txt after the nabla_obj and
# nabla_tensor targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The installed archive: the objects of both libraries in one libnabla.a.
# It is built beside the build tree's own libnabla.a, in its own folder.
add_library(nabla_dist STATIC $<TARGET_OBJECTS:nabla_obj> $<TARGET_OBJECTS:nabla_tensor>)
set_target_properties(nabla_dist PROPERTIES
  OUTPUT_NAME nabla
  ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/dist)

install(FILES ${CMAKE_SOURCE_DIR}/include/nabla.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS nabla_dist ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS nabla_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# pkg-config: the prefix is found from the .pc file's own place, so an
# installed tree can be moved (cmake --install --prefix anywhere).
set(NABLA_PC_LIBDIR ${CMAKE_INSTALL_LIBDIR})
set(NABLA_PC_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/nabla.pc.in ${CMAKE_BINARY_DIR}/dist/nabla.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/dist/nabla.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# CMake package: find_package(Nabla) gives Nabla::nabla.
set(NABLA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Nabla)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/NablaConfig.cmake.in
  ${CMAKE_BINARY_DIR}/dist/NablaConfig.cmake
  INSTALL_DESTINATION ${NABLA_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/dist/NablaConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/dist/NablaConfig.cmake
              ${CMAKE_BINARY_DIR}/dist/NablaConfigVersion.cmake
        DESTINATION ${NABLA_CMAKE_DIR})
