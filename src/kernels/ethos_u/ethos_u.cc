#include "kernels/ethos_u/ethos_u.h"

#include "kernels/prepare_support.h"
#include "model/builtin_ops.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

// ethosu.cc `struct OpData`: cms_data_size, base_addr_idx,
// base_addr_size_idx, three ints on every ABI.
constexpr int64_t kOpDataBytes = 12;
// sizeof(uint64_t): one NPU base address.
constexpr int64_t kBaseAddressBytes = 8;
// sizeof(size_t) on the 32-bit targets the scratch list is for (as ADD_N's
// pointers in reference_rules.cc).
constexpr int64_t kSizeT32 = 4;

// Why TFLM's Prepare fails for the op, "" when it does not (ethosu.cc
// Prepare: TF_LITE_ENSURE on inputs->size and custom_initial_data_size,
// then tensor->bytes of AllocateTempInputTensor(node, 0)).
std::string PrepareFailure(const ModelOperator& op) {
  if (op.inputs.empty()) {
    return "an ethos-u op without inputs; TFLM's Prepare rejects it "
           "(kernels/ethos_u/ethosu.cc needs the command stream as input 0)";
  }
  if (!op.has_custom_options) {
    return "an ethos-u op without custom options; TFLM's Prepare rejects it "
           "(kernels/ethos_u/ethosu.cc needs Vela's co-processor type there)";
  }
  if (op.inputs[0] < 0) {
    return "input 0 (the Ethos-U command stream) is absent; TFLM's Prepare "
           "reads its size through a null tensor";
  }
  return "";
}

// node->inputs->size + node->outputs->size.
int64_t BaseAddresses(const ModelOperator& op) {
  return static_cast<int64_t>(op.inputs.size() + op.outputs.size());
}

}  // namespace

bool IsEthosUOp(const ModelOperator& op) {
  return op.kernel_code == op::kCustom && op.custom_code == kEthosUCustomCode;
}

bool LinksEthosU(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return true;
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return false;
  }
  return false;
}

std::optional<std::vector<int64_t>> EthosUScratch(
    const OpView& op, const KernelOptions&, std::vector<std::string>* why) {
  const std::string failure = PrepareFailure(op.op());
  if (!failure.empty()) throw Error(failure);
  const int64_t n = BaseAddresses(op.op());
  ScratchRequests out;
  out.Add(n * kBaseAddressBytes,
          "Ethos-U base addresses, " + std::to_string(n) + " x uint64_t");
  out.Add(n * kSizeT32,
          "Ethos-U base address sizes, " + std::to_string(n) + " x size_t");
  return out.Result(why);
}

std::optional<KernelArenaUse> EthosUArena(const OpView& op,
                                          const KernelOptions&, Abi abi) {
  KernelArenaUse use;
  ArenaCalls init(op, use.init);
  ArenaCalls prepare(op, use.prepare);
  init.Persistent(kOpDataBytes);
  use.rejects = PrepareFailure(op.op());
  if (!use.rejects.empty()) return use;
  const int64_t n = BaseAddresses(op.op());
  const int64_t size_t_bytes = abi == Abi::kHost64 ? 8 : kSizeT32;
  prepare.Scratch(n * kBaseAddressBytes);
  prepare.Scratch(n * size_t_bytes);
  prepare.Free(prepare.Input(0));  // the command stream's size
  return use;
}

}  // namespace arenaplan
