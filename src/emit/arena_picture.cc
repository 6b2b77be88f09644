#include "emit/arena_picture.h"

#include <algorithm>
#include <sstream>

#include "emit/device_arena_panel.h"

namespace arenaplan {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string StepName(const ModelPlan& plan, int64_t step) {
  if (step < 0 || step >= static_cast<int64_t>(plan.list.steps.size())) {
    return "before start";
  }
  const TimeStep& s = plan.list.steps[step];
  const std::string prefix = plan.model.subgraphs.size() > 1
                                 ? "sg" + std::to_string(s.subgraph) + " "
                                 : "";
  if (s.op < 0) return prefix + "inputs";
  return prefix + std::to_string(s.op) + " " +
         OperatorName(plan.model.subgraphs[s.subgraph].operators[s.op]);
}

// The label drawn in a rectangle: the tensor's name ("tensor N" when it
// has none) or "scratch N".
std::string ShortName(const ModelPlan& plan, size_t i) {
  const ModelBuffer& b = plan.list.buffers[i];
  if (b.kind == BufferKind::kScratch)
    return "scratch " + std::to_string(b.index);
  return b.name.empty() ? "tensor " + std::to_string(b.index) : b.name;
}

bool IsShared(const Problem& problem, size_t buffer) {
  for (const SharedGroup& g : problem.groups) {
    if (g.members.size() > 1 && std::count(g.members.begin(), g.members.end(),
                                           static_cast<int32_t>(buffer))) {
      return true;
    }
  }
  return false;
}

struct Kind {
  const char* name;
  const char* fill;
};

const Kind kKinds[] = {{"tensor", "#5b8def"},
                       {"scratch", "#f4a259"},
                       {"pinned by metadata", "#9b5de5"},
                       {"shared in place", "#43aa8b"}};

const Kind& KindOf(const ModelPlan& plan, size_t i) {
  const ModelBuffer& b = plan.list.buffers[i];
  if (b.kind == BufferKind::kScratch) return kKinds[1];
  if (b.pinned_offset) return kKinds[2];
  if (IsShared(plan.problem, i)) return kKinds[3];
  return kKinds[0];
}

// Geometry shared by the SVG and the HTML page.
struct Layout {
  int64_t first_step = 0, end_step = 1;
  int64_t top_bytes = 1;
  double step_width = 24;
  static constexpr double kLeft = 90, kTop = 50, kPlotHeight = 560,
                          kBottom = 150, kLegend = 230;
  double PlotWidth() const { return step_width * (end_step - first_step); }
  double Width() const { return kLeft + PlotWidth() + kLegend; }
  double Height() const { return kTop + kPlotHeight + kBottom; }
  double X(int64_t step) const {
    return kLeft + step_width * (step - first_step);
  }
  double Y(int64_t bytes) const {
    return kTop + kPlotHeight -
           kPlotHeight * static_cast<double>(bytes) / top_bytes;
  }
};

Layout MakeLayout(const ModelPlan& plan) {
  Layout l;
  l.end_step =
      std::max<int64_t>(1, static_cast<int64_t>(plan.list.steps.size()));
  for (const Buffer& b : plan.problem.buffers) {
    l.first_step = std::min(l.first_step, b.lower);
    l.end_step = std::max(l.end_step, b.upper);
  }
  const int64_t tallest = std::max({plan.solve.height, plan.tflm_greedy_height,
                                    plan.solve.lower_bound, int64_t{1}});
  l.top_bytes = tallest + tallest / 20 + 1;
  const int64_t steps = l.end_step - l.first_step;
  l.step_width = std::clamp(1100.0 / steps, 10.0, 64.0);
  return l;
}

std::string Tooltip(const ModelPlan& plan, size_t i) {
  const ModelBuffer& b = plan.list.buffers[i];
  const Buffer& p = plan.problem.buffers[i];
  std::ostringstream t;
  t << "#" << i << " " << b.name << "\n"
    << KindOf(plan, i).name << ", " << b.size << " bytes at offset "
    << plan.solve.plan.offsets[i] << ".." << plan.solve.plan.offsets[i] + b.size
    << "\nalive " << StepName(plan, p.lower) << " .. "
    << StepName(plan, p.upper - 1);
  return t.str();
}

// A dashed line across the plot at `bytes`, its label at `label_y`.
void HorizontalLine(std::ostream& out, const Layout& l, int64_t bytes,
                    const char* colour, const char* dash,
                    const std::string& label, double label_y) {
  const double y = l.Y(bytes);
  out << "<line x1='" << Layout::kLeft << "' x2='" << l.X(l.end_step)
      << "' y1='" << y << "' y2='" << y << "' stroke='" << colour
      << "' stroke-width='2' stroke-dasharray='" << dash << "'/>\n"
      << "<text x='" << l.X(l.end_step) + 6 << "' y='" << label_y + 4
      << "' font-size='12' fill='" << colour << "'>" << Escape(label)
      << "</text>\n";
}

std::string Svg(const ModelPlan& plan, bool interactive,
                const ArenaRequirement* arena) {
  const Layout l = MakeLayout(plan);
  const double width = l.Width() + (arena ? kDeviceArenaPanelWidth : 0);
  std::ostringstream out;
  out.precision(6);
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width
      << "' height='" << l.Height() << "' viewBox='0 0 " << width << " "
      << l.Height() << "' font-family='sans-serif'>\n"
      << "<rect width='100%' height='100%' fill='white'/>\n"
      << "<text x='" << Layout::kLeft
      << "' y='22' font-size='16' "
         "font-weight='bold'>"
      << Escape(plan.label) << ": arena " << plan.solve.height << " bytes ("
      << (plan.solve.optimal ? "optimal" : "best found") << ")</text>\n"
      << "<text x='" << Layout::kLeft << "' y='40' font-size='12' fill='#555'>"
      << plan.list.buffers.size() << " buffers over "
      << l.end_step - l.first_step << " time steps; lower bound "
      << plan.solve.lower_bound << " bytes, TFLM greedy "
      << plan.tflm_greedy_height << " bytes</text>\n";
  // Axes and step labels.
  out << "<rect x='" << Layout::kLeft << "' y='" << Layout::kTop << "' width='"
      << l.PlotWidth() << "' height='" << Layout::kPlotHeight
      << "' fill='#fafafa' stroke='#999'/>\n";
  for (int64_t s = l.first_step; s < l.end_step; ++s) {
    const double x = l.X(s) + l.step_width / 2;
    const double y = Layout::kTop + Layout::kPlotHeight + 8;
    out << "<text x='" << x << "' y='" << y << "' font-size='10' "
        << "text-anchor='end' transform='rotate(-60 " << x << " " << y << ")'>"
        << Escape(StepName(plan, s)) << "</text>\n";
  }
  // Round ticks: the smallest 1, 2 or 5 x 10^k step giving at most 6.
  int64_t tick = 1;
  for (int64_t scale = 1; tick * 6 < l.top_bytes; scale *= 10) {
    for (int64_t m : {1, 2, 5}) {
      if (tick * 6 < l.top_bytes) tick = m * scale;
    }
  }
  for (int64_t bytes = 0; bytes <= l.top_bytes; bytes += tick) {
    out << "<text x='" << Layout::kLeft - 6 << "' y='" << l.Y(bytes) + 4
        << "' font-size='11' text-anchor='end'>" << bytes << "</text>\n"
        << "<line x1='" << Layout::kLeft - 3 << "' x2='" << Layout::kLeft
        << "' y1='" << l.Y(bytes) << "' y2='" << l.Y(bytes)
        << "' stroke='#999'/>\n";
  }
  out << "<text x='16' y='" << Layout::kTop + Layout::kPlotHeight / 2
      << "' font-size='12' transform='rotate(-90 16 "
      << Layout::kTop + Layout::kPlotHeight / 2
      << ")' text-anchor='middle'>offset (bytes)</text>\n";
  // One rectangle per buffer.
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const Buffer& p = plan.problem.buffers[i];
    const int64_t offset = plan.solve.plan.offsets[i];
    const double x = l.X(p.lower), w = l.X(p.upper) - x;
    const double y = l.Y(offset + p.size), h = l.Y(offset) - y;
    out << "<g"
        << (interactive ? " class='buffer' data-id='" + std::to_string(i) + "'"
                        : "")
        << "><title>" << Escape(Tooltip(plan, i)) << "</title>"
        << "<rect x='" << x << "' y='" << y << "' width='" << w << "' height='"
        << std::max(h, 2.0) << "' fill='" << KindOf(plan, i).fill
        << "' fill-opacity='0.85' stroke='#223' stroke-width='0.6'/>";
    // Converter names join fused ops with ';': the first is the most
    // telling, and its end more than its start.
    const std::string full = ShortName(plan, i);
    const std::string name = full.substr(0, full.find(';'));
    const size_t fits = static_cast<size_t>(w / 6.2);
    if (h >= 11 && fits >= 3) {
      const std::string shown =
          name.size() <= fits ? name
                              : "~" + name.substr(name.size() - (fits - 1));
      out << "<text x='" << x + 3 << "' y='" << y + std::min(h / 2 + 4, 14.0)
          << "' font-size='10' fill='white' pointer-events='none'>"
          << Escape(shown) << "</text>";
    }
    out << "</g>\n";
  }
  // Reference lines; labels of close lines are pushed apart to stay legible.
  struct Reference {
    int64_t bytes;
    const char* colour;
    const char* dash;
    std::string label;
  };
  std::vector<Reference> lines = {
      {plan.tflm_greedy_height, "#555", "2 3",
       "TFLM greedy " + std::to_string(plan.tflm_greedy_height)},
      {plan.solve.height, "#222", "1 0",
       "arenaplan " + std::to_string(plan.solve.height)},
      {plan.solve.lower_bound, "#d62828", "6 4",
       "lower bound " + std::to_string(plan.solve.lower_bound)}};
  std::stable_sort(
      lines.begin(), lines.end(),
      [](const Reference& a, const Reference& b) { return a.bytes > b.bytes; });
  double label_y = 0;
  for (const Reference& r : lines) {
    label_y = std::max(l.Y(r.bytes), label_y + 15);
    HorizontalLine(out, l, r.bytes, r.colour, r.dash, r.label, label_y);
  }
  // The peak: the steps where the lower bound's bytes are alive together.
  for (const PeakStep& step : plan.peak.steps) {
    out << "<rect x='" << l.X(step.time) << "' y='" << Layout::kTop
        << "' width='" << l.step_width << "' height='" << Layout::kPlotHeight
        << "' fill='#d62828' fill-opacity='0.10' stroke='#d62828' "
           "stroke-dasharray='2 2' pointer-events='none'/>\n"
        << "<text x='" << l.X(step.time) + l.step_width / 2 << "' y='"
        << Layout::kTop - 2 << "' font-size='10' fill='#d62828' "
        << "text-anchor='middle'>peak</text>\n";
  }
  // Legend.
  const double lx = l.X(l.end_step) + 10;
  double ly = label_y + 30;  // below the reference lines' labels
  for (const Kind& k : kKinds) {
    out << "<rect x='" << lx << "' y='" << ly << "' width='14' height='14' "
        << "fill='" << k.fill << "'/><text x='" << lx + 20 << "' y='" << ly + 11
        << "' font-size='12'>" << k.name << "</text>\n";
    ly += 22;
  }
  if (arena && !arena->routes.empty()) {
    DeviceArenaPanel(out, l.Width() + 20, Layout::kTop + 30,
                     Layout::kPlotHeight - 30, *arena);
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace

std::string ArenaSvg(const ModelPlan& plan, const ArenaRequirement* arena) {
  return Svg(plan, false, arena);
}

std::string ArenaHtml(const ModelPlan& plan, const ArenaRequirement* arena) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>\n<title>"
      << Escape(plan.label) << " arena plan (arenaplan)</title>\n<style>\n"
      << "body{font-family:sans-serif;margin:16px;color:#222}\n"
      << "#detail{position:fixed;top:12px;right:12px;width:320px;"
         "background:#fffbe6;border:1px solid #cc9;padding:8px;"
         "white-space:pre-wrap;font-size:13px}\n"
      << ".buffer:hover rect{stroke:#000;stroke-width:2;fill-opacity:1}\n"
      << "table{border-collapse:collapse;font-size:12px;margin-top:16px}\n"
      << "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}\n"
      << "td:nth-child(3){text-align:left;max-width:640px;"
         "word-break:break-all}\n"
      << "tr.hot{background:#ffe08a}\n</style></head><body>\n"
      << "<div id='detail'>Hover a buffer for details.</div>\n"
      << Svg(plan, true, arena)
      << "<table><tr><th>id</th><th>kind</th><th>name</th>"
      << "<th>size</th><th>offset</th><th>alive from</th><th>alive to</th>"
         "</tr>\n";
  for (size_t i = 0; i < plan.list.buffers.size(); ++i) {
    const Buffer& p = plan.problem.buffers[i];
    out << "<tr id='row" << i << "'><td>" << i << "</td><td>"
        << KindOf(plan, i).name << "</td><td>" << Escape(ShortName(plan, i))
        << "</td><td>" << p.size << "</td><td>" << plan.solve.plan.offsets[i]
        << "</td><td>" << Escape(StepName(plan, p.lower)) << "</td><td>"
        << Escape(StepName(plan, p.upper - 1)) << "</td></tr>\n";
  }
  out << "</table>\n<script>\n"
      << "const detail = document.getElementById('detail');\n"
      << "let hot = null;\n"
      << "for (const g of document.querySelectorAll('.buffer')) {\n"
      << "  g.addEventListener('mouseenter', () => {\n"
      << "    detail.textContent = g.querySelector('title').textContent;\n"
      << "    if (hot) hot.classList.remove('hot');\n"
      << "    hot = document.getElementById('row' + g.dataset.id);\n"
      << "    hot.classList.add('hot');\n"
      << "  });\n}\n</script>\n</body></html>\n";
  return out.str();
}

}  // namespace arenaplan
