# What `cmake --install` places besides the programs and the runtime (see app/ and runtime/):
# man pages, the .desktop file and icons, the systemd units; and the CPack settings of the Debian
# package.

# Man pages, compressed as Debian policy wants (man reads .1.gz and .1 alike).
set(vigil_man_pages vigil-appctl.1 vigil-testd.1 vigil-rpc.1)
if(VIGIL_BUILD_UI)
    list(APPEND vigil_man_pages vigil.1)
endif()
find_program(VIGIL_GZIP gzip)
set(vigil_man_outputs)
foreach(page ${vigil_man_pages})
    set(src ${PROJECT_SOURCE_DIR}/man/${page})
    if(VIGIL_GZIP)
        set(out ${PROJECT_BINARY_DIR}/man/${page}.gz)
        add_custom_command(OUTPUT ${out}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
            COMMAND ${VIGIL_GZIP} -9nc ${src} > ${out}
            DEPENDS ${src} VERBATIM)
        list(APPEND vigil_man_outputs ${out})
    else()
        list(APPEND vigil_man_outputs ${src})
    endif()
endforeach()
add_custom_target(vigil_man_pages ALL DEPENDS ${vigil_man_outputs})
install(FILES ${vigil_man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT Runtime)

# The console's desktop entry and icons: resources/icons/vigil.svg is the application icon;
# every icon is also installed under share/vigil/icons.
if(VIGIL_BUILD_UI)
    file(GLOB vigil_desktop_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/*.desktop)
    file(GLOB vigil_icon_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/icons/*.svg)
    install(FILES ${vigil_desktop_files} DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
            COMPONENT Runtime)
    if(EXISTS ${PROJECT_SOURCE_DIR}/resources/icons/vigil.svg)
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/vigil.svg
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT Runtime)
    endif()
    install(FILES ${vigil_icon_files} DESTINATION ${CMAKE_INSTALL_DATADIR}/vigil/icons
            COMPONENT Runtime)
endif()

# The supervisor's systemd units (resources/systemd/{user,system}/vigil.service.in), for
# `systemctl --user` and for the system manager, in Debian's unit directories under the prefix.
# ExecStart names the installed vigil, and the prefix is known only at install time
# (`cmake --install --prefix P`, CPack's /usr), so each unit is configured straight into its
# destination then, as the runtime's .pc file is. A second copy in build/systemd-test/ names the
# build tree's vigil, for tst_systemd_units to verify before anything is installed.
if(VIGIL_BUILD_UI)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
        set(vigil_unit_bindir "${CMAKE_INSTALL_BINDIR}")
    else()
        set(vigil_unit_bindir "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}")
    endif()
    foreach(kind user system)
        set(src ${PROJECT_SOURCE_DIR}/resources/systemd/${kind}/vigil.service.in)
        # block() limits the build tree's bindir to this one configure_file().
        block()
            set(CMAKE_INSTALL_FULL_BINDIR ${CMAKE_BINARY_DIR}/bin)
            configure_file(${src} ${PROJECT_BINARY_DIR}/systemd-test/${kind}/vigil.service @ONLY)
        endblock()
        install(CODE "block(PROPAGATE CMAKE_INSTALL_MANIFEST_FILES)
            set(CMAKE_INSTALL_FULL_BINDIR \"${vigil_unit_bindir}\")
            set(unit \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/${kind}/vigil.service\")
            message(STATUS \"Installing: \${unit}\")
            configure_file(\"${src}\" \"\${unit}\" @ONLY)
            list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${unit}\")
        endblock()" COMPONENT Runtime)
    endforeach()
endif()

# `cpack -G DEB`: one package with the programs, the runtime library and its headers.
set(CPACK_PACKAGE_NAME vigil)
set(CPACK_PACKAGE_VENDOR "Vigil developers")
if(NOT CPACK_PACKAGE_CONTACT)
    set(CPACK_PACKAGE_CONTACT "Vigil maintainers <maintainers@vigil.invalid>")
endif()
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "OVS-compatible daemon runtime and supervision console")
set(CPACK_PACKAGE_DESCRIPTION
"Vigil re-implements the runtime Open vSwitch daemons are built on (streams, poll loop,
JSON-RPC with reconnecting sessions, the unixctl control socket, processes and
daemonization) in C++20, wire-compatible with ovs-appctl and ovsdb-server, and adds a
Qt 6 console that supervises daemons, invokes their control commands and shows their
JSON-RPC sessions live. This package holds the console (vigil), vigil-appctl, vigil-rpc,
the demo daemon vigil-testd, and the static runtime library with its headers, CMake
package and pkg-config file.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared libraries are found by dpkg-shlibdeps; what is loaded at run time (Qt's SVG image and
# icon-engine plugins) is declared by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(VIGIL_BUILD_UI)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
endif()
# Building against the runtime library needs its dependencies' headers.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libboost-json1.81-dev, libspdlog-dev, libssl-dev, libc-ares-dev, cmake | pkg-config, openvswitch-common")
include(CPack)
