#include "kernels/kernel_library.h"

#include "kernels/esp_nn/esp_nn_scratch.h"

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

const char* KernelLibrarySource(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return "TFLM 90b983c2";
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return "TFLM 90b983c2, CMSIS-NN 4ab83cc3";
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return EspNnLibrarySource();
  }
  return "?";
}

bool KernelLibraryVerified(KernelLibrary library) {
  // Helium (MVE) builds have no recording in ../shared.
  return library != KernelLibrary::kCmsisNnMve;
}

const char* KernelCompilerName(KernelCompiler compiler) {
  return compiler == KernelCompiler::kArmclang ? "armclang" : "gcc";
}

std::optional<KernelCompiler> ParseKernelCompiler(std::string_view name) {
  if (name == "gcc") return KernelCompiler::kGcc;
  if (name == "armclang") return KernelCompiler::kArmclang;
  return std::nullopt;
}

bool KernelLibraryDependsOnCompiler(KernelLibrary library) {
  return library == KernelLibrary::kCmsisNn ||
         library == KernelLibrary::kCmsisNnDsp ||
         library == KernelLibrary::kCmsisNnMve;
}

const char* KernelOptimizationName(KernelOptimization optimization) {
  return optimization == KernelOptimization::kSize ? "size" : "speed";
}

std::optional<KernelOptimization> ParseKernelOptimization(
    std::string_view name) {
  if (name == "speed") return KernelOptimization::kSpeed;
  if (name == "size") return KernelOptimization::kSize;
  return std::nullopt;
}

}  // namespace arenaplan
