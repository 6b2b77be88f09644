#include "kernels/kernel_library.h"

namespace arenaplan {

const std::vector<KernelLibrary>& AllKernelLibraries() {
  static const std::vector<KernelLibrary> kAll = {
      KernelLibrary::kReference,  KernelLibrary::kCmsisNn,
      KernelLibrary::kCmsisNnDsp, KernelLibrary::kCmsisNnMve,
      KernelLibrary::kEspNn,      KernelLibrary::kEspNnS3,
      KernelLibrary::kEspNnAnsi};
  return kAll;
}

const char* KernelLibraryName(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return "reference";
    case KernelLibrary::kCmsisNn:
      return "cmsis-nn";
    case KernelLibrary::kCmsisNnDsp:
      return "cmsis-nn-dsp";
    case KernelLibrary::kCmsisNnMve:
      return "cmsis-nn-mve";
    case KernelLibrary::kEspNn:
      return "esp-nn";
    case KernelLibrary::kEspNnS3:
      return "esp-nn-s3";
    case KernelLibrary::kEspNnAnsi:
      return "esp-nn-ansi";
  }
  return "?";
}

std::optional<KernelLibrary> ParseKernelLibrary(std::string_view name) {
  for (KernelLibrary library : AllKernelLibraries()) {
    if (name == KernelLibraryName(library)) return library;
  }
  return std::nullopt;
}

std::string KernelLibraryNames() {
  std::string out;
  for (KernelLibrary library : AllKernelLibraries()) {
    if (!out.empty()) out += ", ";
    out += KernelLibraryName(library);
  }
  return out;
}

}  // namespace arenaplan
