#include "kernels/cmsis_nn/cmsis_nn_scratch.h"

#include <map>
#include <string>

#include "kernels/cmsis_nn/cmsis_nn_rules.h"
#include "kernels/reference/reference_scratch.h"

namespace arenaplan {
namespace {

void NoScratch(const OpView&, const KernelOptions&, ScratchRequests&) {}

// The ops a cmsis_nn build takes from tensorflow/lite/micro/kernels/
// cmsis_nn/ (90b983c2); every other op runs TFLM's reference kernel. The
// cmsis_nn ADD, MUL, MAXIMUM/MINIMUM, PAD/PADV2, MAX_POOL_2D, SOFTMAX and
// TRANSPOSE Prepares make no RequestScratchBufferInArena call.
const std::map<std::string, OpScratchRule>& CmsisNnOps() {
  static const std::map<std::string, OpScratchRule> kOps = {
      {"ADD", NoScratch},
      {"MUL", NoScratch},
      {"MAXIMUM", NoScratch},
      {"MINIMUM", NoScratch},
      {"PAD", NoScratch},
      {"PADV2", NoScratch},
      {"MAX_POOL_2D", NoScratch},
      {"SOFTMAX", NoScratch},
      {"TRANSPOSE", NoScratch},
      {"AVERAGE_POOL_2D", CmsisAveragePoolRule},
      {"BATCH_MATMUL", CmsisBatchMatmulRule},
      {"CONV_2D", CmsisConvRule},
      {"DEPTHWISE_CONV_2D", CmsisDepthwiseConvRule},
      {"FULLY_CONNECTED", CmsisFullyConnectedRule},
      {"SVDF", CmsisSvdfRule},
      {"TRANSPOSE_CONV", CmsisTransposeConvRule},
      {"UNIDIRECTIONAL_SEQUENCE_LSTM", CmsisLstmRule},
  };
  return kOps;
}

}  // namespace

std::optional<std::vector<int64_t>> CmsisNnScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why) {
  const auto& ops = CmsisNnOps();
  const auto it = ops.find(KernelLookupName(op));
  if (it == ops.end()) return ReferenceScratch(op, options, why);
  ScratchRequests out;
  it->second(op, options, out);
  return out.Result(why);
}

}  // namespace arenaplan
