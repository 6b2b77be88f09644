// Everything `arenaplan plan` can write, prepared in memory first: the C++
// header, the offline-plan .tflite, the SVG and HTML pictures and the JSON
// report. Nothing is written until every output has been built and checked,
// so a failure never leaves some outputs new and others missing or partial.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "emit/report_json.h"
#include "plan/model_plan.h"

namespace arenaplan {

struct OutputRequest {
  std::string header_path;  // "" = not requested
  std::string header_name;  // "" = from the model's file name
  std::string tflite_path;
  std::string svg_path;
  std::string html_path;
  std::string report_path;
};

struct PreparedOutputs {
  std::vector<std::pair<std::string, std::string>> files;  // path, contents
  std::vector<std::string> notes;  // one line each, for the user
  ReportContext context;           // completed with what was computed
};

// Builds and checks every requested output (the report last, so it can
// state the offline head). `context` names the inputs. Throws
// arenaplan::Error on any problem; nothing has been written then.
PreparedOutputs PrepareOutputs(const ModelPlan& plan,
                               const std::vector<uint8_t>& model_bytes,
                               const OutputRequest& request,
                               ReportContext context);

// Writes the prepared files, each atomically (temp + rename).
void WriteOutputs(const PreparedOutputs& outputs);

}  // namespace arenaplan
