# libcsv (Debian's libcsv-dev): an RFC 4180 CSV parser. It ships no CMake or pkg-config file;
# this finds its header and library and makes the target libcsv::libcsv.
find_path(LIBCSV_INCLUDE_DIR csv.h)
find_library(LIBCSV_LIBRARY csv)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(libcsv REQUIRED_VARS LIBCSV_LIBRARY LIBCSV_INCLUDE_DIR)
if(libcsv_FOUND AND NOT TARGET libcsv::libcsv)
  add_library(libcsv::libcsv UNKNOWN IMPORTED)
  set_target_properties(libcsv::libcsv PROPERTIES IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")
endif()
mark_as_advanced(LIBCSV_INCLUDE_DIR LIBCSV_LIBRARY)
