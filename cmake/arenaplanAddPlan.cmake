# arenaplan_add_plan: plan a model's arena while building a firmware.
#
#   arenaplan_add_plan(<target> MODEL <model.tflite>
#                      [KERNELS <library>] [RECORDED <addbuffers.csv>]
#                      [NAME <namespace>] [INPLACE off|safe|elementwise]
#                      [OUTPUT_DIR <dir>])
#
# At build time runs
#   arenaplan plan <model> --header <dir>/<header> --deterministic
#             [--kernels <library>] [--recorded <csv>] [--inplace <mode>]
#             [--name <namespace>]
# and, for <target>:
#   - adds the generated header as a source (so it is made before <target>
#     compiles) and <dir> to its include directories;
#   - links arenaplan::runtime, which adds the runtime's sources
#     (verifying_planner.cc, ...) and include directory; the firmware build
#     still supplies TFLM's include directories.
# The header is <NAME>.h, or <model file stem>_plan.h without NAME (whose
# namespace is then the model's file name as an identifier, as `arenaplan
# plan --header` chooses it). <dir> defaults to
# ${CMAKE_CURRENT_BINARY_DIR}/arenaplan/<target>. The header's path is left
# in the variable <target>_ARENAPLAN_HEADER.
#
# The header is made again when the model, the recording or the arenaplan
# executable changes. When arenaplan refuses the model (malformed, a
# recording of another model, scratch buffers it cannot know without
# KERNELS or RECORDED, ...) the build fails with arenaplan's one-line error
# and no header is left behind (not even an older one). --deterministic
# makes the header the same bytes on every build machine.
#
# KERNELS names the kernel library linked into the firmware (see `arenaplan
# plan --help`); RECORDED a recording of TFLM's AddBuffer calls made with
# runtime/recording_planner.h (docs/integration.md). Relative MODEL and
# RECORDED paths are taken from the current source directory.
function(arenaplan_add_plan target)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
                        "MODEL;KERNELS;RECORDED;NAME;INPLACE;OUTPUT_DIR" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
            "arenaplan_add_plan: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "arenaplan_add_plan: no target named '${target}'")
  endif()
  if(NOT arg_MODEL)
    message(FATAL_ERROR "arenaplan_add_plan(${target}): MODEL is required")
  endif()
  if(NOT TARGET arenaplan::arenaplan)
    message(FATAL_ERROR "arenaplan_add_plan: the arenaplan CLI target "
                        "(arenaplan::arenaplan) is missing")
  endif()

  cmake_path(ABSOLUTE_PATH arg_MODEL BASE_DIRECTORY
             "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE model)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/arenaplan/${target}")
  if(arg_OUTPUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY
               "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE OUTPUT_VARIABLE out_dir)
  endif()
  if(arg_NAME)
    set(header "${out_dir}/${arg_NAME}.h")
  else()
    cmake_path(GET model STEM stem)
    set(header "${out_dir}/${stem}_plan.h")
  endif()

  set(command plan "${model}" --header "${header}" --deterministic)
  set(depends "${model}")
  if(arg_KERNELS)
    list(APPEND command --kernels "${arg_KERNELS}")
  endif()
  if(arg_RECORDED)
    cmake_path(ABSOLUTE_PATH arg_RECORDED BASE_DIRECTORY
               "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE recorded)
    list(APPEND command --recorded "${recorded}")
    list(APPEND depends "${recorded}")
  endif()
  if(arg_INPLACE)
    list(APPEND command --inplace "${arg_INPLACE}")
  endif()
  if(arg_NAME)
    list(APPEND command --name "${arg_NAME}")
  endif()

  add_custom_command(
    OUTPUT "${header}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    # A failed plan leaves no header of an older model behind.
    COMMAND "${CMAKE_COMMAND}" -E rm -f "${header}"
    COMMAND arenaplan::arenaplan ${command}
    DEPENDS ${depends} "$<TARGET_FILE:arenaplan::arenaplan>"
    COMMENT "arenaplan: planning ${model}"
    VERBATIM)
  # In arenaplan's own build tree the CLI is built first.
  get_target_property(tool arenaplan::arenaplan ALIASED_TARGET)
  if(tool)
    add_dependencies(${target} ${tool})
  endif()
  target_sources(${target} PRIVATE "${header}")
  target_include_directories(${target} PRIVATE "${out_dir}")
  target_link_libraries(${target} PRIVATE arenaplan::runtime)
  set(${target}_ARENAPLAN_HEADER "${header}" PARENT_SCOPE)
endfunction()
