#include "emit/cpp_header.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "kernels/kernel_library.h"
#include "problem/error.h"
#include "runtime/plan_digest.h"

namespace arenaplan {
namespace {

const std::set<std::string>& Keywords() {
  static const std::set<std::string> keywords = {"alignas",
                                                 "alignof",
                                                 "and",
                                                 "and_eq",
                                                 "asm",
                                                 "auto",
                                                 "bitand",
                                                 "bitor",
                                                 "bool",
                                                 "break",
                                                 "case",
                                                 "catch",
                                                 "char",
                                                 "char16_t",
                                                 "char32_t",
                                                 "char8_t",
                                                 "class",
                                                 "co_await",
                                                 "co_return",
                                                 "co_yield",
                                                 "compl",
                                                 "concept",
                                                 "const",
                                                 "consteval",
                                                 "constexpr",
                                                 "constinit",
                                                 "const_cast",
                                                 "continue",
                                                 "decltype",
                                                 "default",
                                                 "delete",
                                                 "do",
                                                 "double",
                                                 "dynamic_cast",
                                                 "else",
                                                 "enum",
                                                 "explicit",
                                                 "export",
                                                 "extern",
                                                 "false",
                                                 "float",
                                                 "for",
                                                 "friend",
                                                 "goto",
                                                 "if",
                                                 "inline",
                                                 "int",
                                                 "long",
                                                 "mutable",
                                                 "namespace",
                                                 "new",
                                                 "noexcept",
                                                 "not",
                                                 "not_eq",
                                                 "nullptr",
                                                 "operator",
                                                 "or",
                                                 "or_eq",
                                                 "private",
                                                 "protected",
                                                 "public",
                                                 "register",
                                                 "reinterpret_cast",
                                                 "requires",
                                                 "return",
                                                 "short",
                                                 "signed",
                                                 "sizeof",
                                                 "static",
                                                 "static_assert",
                                                 "static_cast",
                                                 "struct",
                                                 "switch",
                                                 "template",
                                                 "this",
                                                 "thread_local",
                                                 "throw",
                                                 "true",
                                                 "try",
                                                 "typedef",
                                                 "typeid",
                                                 "typename",
                                                 "union",
                                                 "unsigned",
                                                 "using",
                                                 "virtual",
                                                 "void",
                                                 "volatile",
                                                 "wchar_t",
                                                 "while",
                                                 "xor",
                                                 "xor_eq",
                                                 "tflite",
                                                 "std"};
  return keywords;
}

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Shared groups as (lowest member, other member) pairs, sorted.
std::vector<std::pair<int32_t, int32_t>> SharedPairs(const Problem& problem) {
  std::vector<std::pair<int32_t, int32_t>> pairs;
  for (const SharedGroup& group : problem.groups) {
    if (group.members.size() < 2) continue;
    const int32_t first =
        *std::min_element(group.members.begin(), group.members.end());
    for (int32_t member : group.members) {
      if (member != first) pairs.emplace_back(first, member);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

// Rows of at most `per_line` items, each line indented by `indent`.
template <typename Items>
void WriteWrapped(std::ostream& out, const Items& items, size_t per_line,
                  const std::string& indent) {
  for (size_t i = 0; i < items.size(); ++i) {
    out << (i % per_line == 0 ? indent : " ") << items[i]
        << (i + 1 < items.size() ? "," : "")
        << ((i + 1) % per_line == 0 || i + 1 == items.size() ? "\n" : "");
  }
}

// "// <label><text>" wrapped at 80 columns on spaces, continuation lines
// indented under the text.
std::string CommentLines(const std::string& label, const std::string& text) {
  constexpr size_t kWidth = 80;
  const std::string indent = "// " + std::string(label.size(), ' ');
  std::string out = "// " + label;
  size_t column = out.size();
  size_t pos = 0;
  bool first_word = true;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    if (!first_word && column + 1 + word.size() > kWidth) {
      out += "\n" + indent;
      column = indent.size();
      first_word = true;
    }
    if (!first_word) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first_word = false;
    pos = end + 1;
  }
  return out + "\n";
}

std::string DigestLiteral(const ModelPlan& plan) {
  char text[16];
  std::snprintf(
      text, sizeof(text), "0x%08xu",
      static_cast<unsigned>(StreamDigest(plan.list, plan.solve.plan.offsets)));
  return text;
}

}  // namespace

uint32_t StreamDigest(const BufferList& list,
                      const std::vector<int64_t>& offsets) {
  if (offsets.size() != list.buffers.size()) {
    throw Error("stream digest: " + std::to_string(offsets.size()) +
                    " offsets for " + std::to_string(list.buffers.size()) +
                    " buffers",
                ExitCode::kInternal);
  }
  uint32_t digest = kDigestSeed;
  for (size_t i = 0; i < offsets.size(); ++i) {
    const ModelBuffer& b = list.buffers[i];
    digest = DigestBuffer(digest, static_cast<int32_t>(b.size), b.first, b.last,
                          b.pinned_offset.value_or(-1),
                          static_cast<int32_t>(offsets[i]));
  }
  return digest;
}

std::string IdentifierFromPath(const std::string& path) {
  std::string stem = BaseName(path);
  const size_t dot = stem.find('.');
  if (dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  std::string name;
  for (char c : stem) {
    const char keep = IsIdentifierChar(c) ? c : '_';
    if (keep != '_' || name.empty() || name.back() != '_') name += keep;
  }
  if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name[0] == '_' ||
      Keywords().count(name)) {
    name = (name.empty() || name[0] != '_' ? "model_" : "model") + name;
  }
  return name;
}

void RequireIdentifier(const std::string& name) {
  const bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                     std::all_of(name.begin(), name.end(), IsIdentifierChar) &&
                     !Keywords().count(name) &&
                     name.find("__") == std::string::npos && name[0] != '_';
  if (!valid) {
    throw Error("--name '" + name +
                    "' is not a usable C++ identifier (letters, digits and "
                    "single '_', not starting with a digit or '_', no keyword)",
                ExitCode::kUsage);
  }
}

void RequireCompleteBufferList(const BufferList& list,
                               const std::string& label) {
  if (list.scratch_recorded || list.scratch_ops.empty()) return;
  const ScratchRequestingOp& op = list.scratch_ops.front();
  throw Error(label + ": no C++ plan without a recording: " +
                  std::to_string(list.scratch_ops.size()) +
                  " op(s) request scratch buffers (first: subgraph " +
                  std::to_string(op.subgraph) + " op " + std::to_string(op.op) +
                  " " + op.op_name +
                  ") under some kernel library; name yours with --kernels "
                  "LIB (" +
                  KernelLibraryNames() +
                  ") or pass --recorded with your TFLM build's AddBuffer "
                  "stream (runtime/recording_planner.h), or use --tflite",
              ExitCode::kUsage);
}

std::string BufferPlanHeader(const ModelPlan& plan, const std::string& name,
                             const HeaderSource& source) {
  RequireIdentifier(name);
  const std::vector<int64_t>& offsets = plan.solve.plan.offsets;
  const size_t count = offsets.size();
  size_t scratch = 0;
  for (const ModelBuffer& b : plan.list.buffers) {
    scratch += b.kind == BufferKind::kScratch;
  }
  const auto pairs = SharedPairs(plan.problem);
  std::string guard = "ARENAPLAN_PLAN_";
  for (char c : name) guard += static_cast<char>(std::toupper(c));
  guard += "_H_";

  std::ostringstream out;
  out << "// Buffer plan for TensorFlow Lite Micro, generated by arenaplan "
      << ARENAPLAN_VERSION << ". Do not edit.\n"
      << "//\n"
      << "// model:        " << source.model_name << "\n"
      << "// sha256:       " << source.model_sha256 << "\n";
  if (!source.kernels.empty()) {
    out << CommentLines("kernels:      ", source.kernels)
        << "// scratch:      " << scratch << " buffer(s)\n";
  } else if (!source.recording_name.empty()) {
    out << "// scratch:      " << scratch << " buffer(s) from the recording "
        << source.recording_name << ";\n"
        << "//               valid only for the TFLM kernel build it was "
           "recorded with\n";
  } else {
    out << "// scratch:      none: no op of this model requests scratch in "
           "TFLM's reference\n"
        << "//               kernels (other kernel libraries may: record "
           "them)\n";
  }
  out << "// buffers:      " << count << " (" << count - scratch << " tensors, "
      << scratch << " scratch), " << pairs.size() << " shared pair(s)\n"
      << "// in-place:     " << InplaceModeName(plan.inplace)
      << " (arenaplan plan --inplace; docs/inplace.md)\n"
      << "// head:         " << plan.solve.height << " bytes ("
      << (plan.solve.optimal ? "optimal" : "best found") << ")\n"
      << "// lower bound:  " << plan.solve.lower_bound << " bytes\n"
      << "// TFLM greedy:  " << plan.tflm_greedy_height << " bytes\n"
      << "//\n"
      << "// Use with arenaplan's checking planner "
         "(runtime/verifying_planner.h, "
         "see\n"
      << "// docs/integration.md). It hands out these offsets only for the "
         "AddBuffer\n"
      << "// stream they were verified for (kStreamDigest); "
         "-DARENAPLAN_FULL_CHECK\n"
      << "// adds the full on-device check for debugging:\n"
      << "//   ARENAPLAN_DEFINE_PLANNER(planner, " << name << ");\n"
      << "//   tflite::MicroAllocator* allocator =\n"
      << "//       tflite::MicroAllocator::Create(arena, kArenaSize, "
         "&planner);\n"
      << "//   tflite::MicroInterpreter interpreter(model, resolver, "
         "allocator);\n"
      << "// The arena must hold kHeadBytes plus TFLM's persistent tail "
         "(arena_used_bytes()\n"
      << "// minus the head after AllocateTensors) plus up to 15 bytes of "
         "alignment.\n\n"
      << "#ifndef " << guard << "\n#define " << guard << "\n\n"
      << "#include <stddef.h>\n#include <stdint.h>\n\n"
      << "#include "
         "\"tensorflow/lite/micro/memory_planner/memory_plan_struct.h\"\n\n"
      << "namespace " << name << " {\n\n"
      << "// Buffers in TFLM's AddBuffer order: tensors, then scratch.\n"
      << "constexpr int kBufferCount = " << count << ";\n"
      << "// Bytes of arena the planned buffers take (the head).\n"
      << "constexpr size_t kHeadBytes = " << plan.solve.height << ";\n"
      << "// Digest of the AddBuffer stream (sizes, lifetimes, pins) and "
         "offsets\n"
      << "// this plan was verified for (runtime/plan_digest.h).\n"
      << "constexpr uint32_t kStreamDigest = " << DigestLiteral(plan) << ";\n"
      << "// Pairs (first, other) of buffers that share one address.\n"
      << "constexpr int kSharedPairCount = " << pairs.size() << ";\n\n";

  // The plan is a BufferPlan followed directly by the remaining entries,
  // so no cast is needed and the layout is checked at compile time.
  out << "namespace internal {\n"
      << "struct PlanStorage {\n"
      << "  tflite::BufferPlan plan;  // count and offset of buffer 0\n";
  if (count > 1) {
    out << "  tflite::BufferDescriptor more[kBufferCount - 1];  // buffers "
           "1..\n";
  }
  out << "};\n";
  if (count > 1) {
    out << "static_assert(offsetof(PlanStorage, more) == "
           "sizeof(tflite::BufferPlan),\n"
        << "              \"BufferPlan entries must be contiguous\");\n";
  }
  out << "static_assert(sizeof(PlanStorage) == "
         "tflite::SizeOfBufferPlan(kBufferCount),\n"
      << "              \"storage must match SizeOfBufferPlan\");\n"
      << "}  // namespace internal\n\n";

  out << "inline const tflite::BufferPlan* buffer_plan() {\n"
      << "  static const internal::PlanStorage kStorage = {\n"
      << "      {" << count << ", {{" << (count > 0 ? offsets[0] : 0) << "}}}";
  if (count > 1) {
    out << ",\n      {\n";
    std::vector<std::string> rest;
    for (size_t i = 1; i < count; ++i) {
      rest.push_back("{" + std::to_string(offsets[i]) + "}");
    }
    WriteWrapped(out, rest, 8, "          ");
    out << "      }";
  }
  out << "};\n  return &kStorage.plan;\n}\n\n";

  out << "inline const int32_t* shared_pairs() {\n";
  if (pairs.empty()) {
    out << "  return nullptr;\n";
  } else {
    std::vector<std::string> items;
    for (const auto& [first, other] : pairs) {
      items.push_back(std::to_string(first));
      items.push_back(std::to_string(other));
    }
    out << "  static const int32_t kPairs[2 * kSharedPairCount] = {\n";
    WriteWrapped(out, items, 10, "      ");
    out << "  };\n  return kPairs;\n";
  }
  out << "}\n\n}  // namespace " << name << "\n\n#endif  // " << guard << "\n";
  return out.str();
}

}  // namespace arenaplan
