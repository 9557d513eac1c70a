# `cmake --install`: the three programs, their man pages (generated from
# --help with Debian's help2man), the systemd unit, and the documents; and
# CPack's .deb of the same files (`cpack -G DEB` in the build directory).
# The package's name, not project()'s identifier, names its doc directory.
set(CMAKE_INSTALL_DOCDIR share/doc/inventory-service CACHE PATH
    "Documentation (README, CHANGELOG, licence)")
include(GNUInstallDirs)

set(inventory_programs inventory-server inventory-client inventory-stress)
install(TARGETS ${inventory_programs} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Man pages: help2man runs each built program's --help. Without help2man
# (it is in tools/install-deps.sh --all, not in the minimal set) the build
# says so and installs no man pages; CI requires them. Sanitizer builds,
# which are never installed, skip them.
find_program(HELP2MAN help2man)
if(INVENTORY_ASAN OR INVENTORY_TSAN OR INVENTORY_FUZZ)
  set(HELP2MAN "")
endif()
set(inventory-server_summary "actor-model XML-RPC inventory server")
set(inventory-client_summary "interactive and scriptable inventory client")
set(inventory-stress_summary "stress tool and invariant oracle for inventory servers")
if(HELP2MAN)
  set(man_pages)
  foreach(program IN LISTS inventory_programs)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr
              --name=${${program}_summary}
              --version-string=${PROJECT_VERSION}
              --output=${page} $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${page}
      DEPENDS ${program}
      COMMENT "Man page for ${program} (help2man)"
      VERBATIM)
    list(APPEND man_pages ${page}.gz)
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
elseif(NOT (INVENTORY_ASAN OR INVENTORY_TSAN OR INVENTORY_FUZZ))
  message(STATUS "help2man not found: no man pages (tools/install-deps.sh --all installs it)")
endif()

# The unit names the installed binary, so it is written at install time,
# when the prefix (--prefix, CPack's /usr) is known.
install(CODE "
  file(READ \"${PROJECT_SOURCE_DIR}/deploy/inventory-server.service.in\" unit)
  string(REPLACE \"@BINDIR@\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\" unit \"\${unit}\")
  file(WRITE \"${CMAKE_BINARY_DIR}/deploy/inventory-server.service\" \"\${unit}\")
  file(INSTALL \"${CMAKE_BINARY_DIR}/deploy/inventory-server.service\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
")

install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian's place for the licence.
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME inventory-service)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "inventory-service")
set(CPACK_PACKAGE_CONTACT "inventory-service maintainers <maintainers@users.noreply.r-seed-77416071.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "XML-RPC inventory server on the actor model, with its client and stress tool")
set(CPACK_PACKAGE_DESCRIPTION
  "inventory-server speaks the contract of the classic Python SimpleXMLRPCServer inventory server (POST /RPC2) and keeps its data durably in SQLite; inventory-client is its interactive and scriptable client; inventory-stress proves under load that nothing acknowledged is lost. Includes a hardened systemd unit.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# RelWithDebInfo binaries carry their debug info; the package does not.
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/inventory-service")
# Library dependencies from the binaries (dpkg-shlibdeps, in dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
  ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
