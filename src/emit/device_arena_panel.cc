#include "emit/device_arena_panel.h"

#include <algorithm>
#include <string>

#include "arena/abi_layout.h"

namespace arenaplan {
namespace {

// Tail categories' colours, in TailCategory order.
constexpr const char* kTailFill[kTailCategoryCount] = {
    "#6c757d", "#b5838d", "#e9c46a", "#f4a261", "#e76f51", "#2a9d8f",
    "#264653", "#8ab17d", "#9d4edd", "#457b9d", "#adb5bd"};

struct Column {
  double x, top, height, width;
  int64_t total;
  double Y(int64_t bytes) const {
    return top + height - height * static_cast<double>(bytes) / total;
  }
};

void Block(std::ostream& out, const Column& c, int64_t from, int64_t to,
           const char* fill, const std::string& title) {
  if (to <= from) return;
  const double y = c.Y(to), h = std::max(c.Y(from) - y, 1.0);
  out << "<rect x='" << c.x << "' y='" << y << "' width='" << c.width
      << "' height='" << h << "' fill='" << fill
      << "' stroke='#223' stroke-width='0.5'><title>" << title << " ("
      << to - from << " bytes)</title></rect>\n";
}

void Caption(std::ostream& out, double x, double y, const std::string& text,
             const char* colour = "#222", int size = 11) {
  out << "<text x='" << x << "' y='" << y << "' font-size='" << size
      << "' fill='" << colour << "'>" << text << "</text>\n";
}

}  // namespace

void DeviceArenaPanel(std::ostream& out, double x, double top, double height,
                      const ArenaRequirement& arena) {
  const RouteArena* r = arena.Find(ArenaRoute::kHeader);
  if (!r) r = &arena.routes.front();
  const AllocateTensorsResult& a = r->allocation;
  const int64_t total = std::max<int64_t>(r->bytes, 1);
  const std::string route = ArenaRouteName(r->route);
  Caption(out, x, top - 22,
          std::string(arena.exact()
                          ? "device arena (" + route +
                                "): " + std::to_string(r->bytes) + " bytes"
                          : "device arena (" + route + "): not stated"),
          "#222", 13);
  Caption(out, x, top - 8,
          std::string(AbiName(arena.abi)) + ", " +
              KernelLibraryName(arena.kernels.library) + " kernels",
          "#555", 11);
  const Column after{x, top, height, 60, total};
  const Column peak{x + 120, top, height, 60, total};
  out << "<rect x='" << x << "' y='" << top << "' width='60' height='" << height
      << "' fill='#fafafa' stroke='#999'/>\n"
      << "<rect x='" << x + 120 << "' y='" << top << "' width='60' height='"
      << height << "' fill='#fafafa' stroke='#999'/>\n";
  // After AllocateTensors: the head from the start, the tail from the end.
  Block(out, after, 0, r->head, "#5b8def", "head (planned buffers)");
  int64_t from_end = 0;
  for (size_t c = 0; c < kTailCategoryCount; ++c) {
    const int64_t bytes = a.tail_by_category[c];
    Block(
        out, after, total - from_end - bytes, total - from_end, kTailFill[c],
        std::string("tail: ") + TailCategoryName(static_cast<TailCategory>(c)));
    from_end += bytes;
  }
  // At the planning peak: head, temporaries above it, the tail then.
  const ArenaEvent& p = a.peak_row;
  Block(out, peak, 0, p.head_bytes, "#5b8def", "head at the peak");
  Block(out, peak, p.head_bytes, p.temp_end_bytes, "#d62828",
        "temporaries (" + p.what + ")");
  Block(out, peak, total - p.tail_bytes, total, "#6c757d", "tail then");
  Caption(out, x, top + height + 16, "after");
  Caption(out, x, top + height + 30, "AllocateTensors");
  Caption(out, x + 120, top + height + 16, "planning peak");
  Caption(out, x + 120, top + height + 30, p.phase + ": " + p.what);
  // Legend: the tail's categories that take bytes.
  double ly = top + 100;
  for (size_t c = 0; c < kTailCategoryCount; ++c) {
    if (a.tail_by_category[c] == 0) continue;
    out << "<rect x='" << x + 250 << "' y='" << ly - 9
        << "' width='10' height='10' fill='" << kTailFill[c] << "'/>\n";
    Caption(out, x + 264, ly,
            std::string(TailCategoryName(static_cast<TailCategory>(c))) + " " +
                std::to_string(a.tail_by_category[c]));
    ly += 15;
  }
  // Totals beside the columns.
  Caption(out, x + 64, after.Y(r->head) + 4, "head " + std::to_string(r->head));
  Caption(out, x + 64, after.Y(total - a.tail) + 12,
          "tail " + std::to_string(a.tail));
  Caption(out, x + 184, peak.Y(std::max(p.temp_end_bytes, int64_t{0})) + 4,
          "in use " + std::to_string(p.in_use_bytes));
}

}  // namespace arenaplan
