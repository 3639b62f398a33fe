#include "image/derive.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "image/stb_codecs.h"
#include "schema/vocabulary.h"

namespace pkpass {
namespace {

struct Size {
  std::uint32_t width;
  std::uint32_t height;
};

std::string Dimensions(Size s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

std::uint32_t Round(double v) { return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::lround(v))); }

// Whether the rows of `type` differ in size between styles.
bool SizeDependsOnStyle(std::string_view type) {
  const schema::Image* first = nullptr;
  for (const schema::Image& row : schema::Images()) {
    if (row.type != type) continue;
    if (first == nullptr) first = &row;
    if (row.width != first->width || row.height != first->height) return true;
  }
  return false;
}

// `inner` centred on a transparent canvas of `canvas`.
Raster Centre(const Raster& inner, Size canvas) {
  Raster out{canvas.width, canvas.height, std::vector<std::uint8_t>(size_t{canvas.width} * canvas.height * 4, 0)};
  const std::uint32_t left = (canvas.width - inner.width) / 2, top = (canvas.height - inner.height) / 2;
  for (std::uint32_t y = 0; y < inner.height; ++y) {
    std::memcpy(out.rgba.data() + (size_t{top + y} * canvas.width + left) * 4,
                inner.rgba.data() + size_t{y} * inner.width * 4, size_t{inner.width} * 4);
  }
  return out;
}

// How the source becomes one scale's image: the size it is resampled to, the part of it taken
// (fractions of its width and height) and the scale factor.
struct Plan {
  Size size;
  float s0 = 0, t0 = 0, s1 = 1, t1 = 1;
  double factor = 1;
};

// `cover`: scaled to cover `box` and cropped evenly to it; else scaled to fit within it.
Plan PlanFor(Size source, Size box, bool cover) {
  Plan plan;
  if (cover) {
    plan.factor = std::max(double(box.width) / source.width, double(box.height) / source.height);
    const double keep_w = box.width / plan.factor / source.width, keep_h = box.height / plan.factor / source.height;
    plan.size = box;
    plan.s0 = static_cast<float>((1 - keep_w) / 2);
    plan.t0 = static_cast<float>((1 - keep_h) / 2);
    plan.s1 = plan.s0 + static_cast<float>(keep_w);
    plan.t1 = plan.t0 + static_cast<float>(keep_h);
  } else {
    plan.factor = std::min(double(box.width) / source.width, double(box.height) / source.height);
    plan.size = {std::min(box.width, Round(source.width * plan.factor)),
                 std::min(box.height, Round(source.height * plan.factor))};
  }
  return plan;
}

Raster Resample(const Raster& from, const Plan& plan) {
  return {plan.size.width, plan.size.height,
          StbResize(from.rgba, from.width, from.height, plan.size.width, plan.size.height, plan.s0, plan.t0, plan.s1,
                    plan.t1)};
}

}  // namespace

Result<DerivedSet> DeriveImageSet(const Raster& source, std::string_view type, std::string_view style) {
  const schema::Image* row = schema::FindImage(type, style);
  if (row == nullptr) {
    return Status::InvalidArgument("\"" + std::string(type) + "\" is no image of a pass: icon, logo, strip, "
                                   "background, thumbnail, footer, primaryLogo, secondaryLogo or artwork");
  }
  if (row->width == 0) return Status::InvalidArgument("Apple gives no size for a " + std::string(type) + " image");
  if (style.empty() && SizeDependsOnStyle(type)) {
    return Status::InvalidArgument("the size of a " + std::string(type) + " image depends on the pass style: "
                                   "name the style (boardingPass, coupon, eventTicket, generic, storeCard)");
  }
  if (source.width == 0 || source.height == 0) return Status::InvalidArgument("the image has no pixels");
  DerivedSet set;
  const std::string name(type);
  if (!row->shown && !style.empty()) {
    set.notes.push_back("a " + std::string(style) + " does not show a " + name + " image; it was made at the size "
                        "other styles show it");
  }
  const Size source_size{source.width, source.height};
  const bool cover = row->fit == schema::Fit::kCover;
  auto box_at = [&](int scale) {
    return Size{row->width * static_cast<std::uint32_t>(scale), row->height * static_cast<std::uint32_t>(scale)};
  };
  // @3x is resampled from the source; @2x and @1x from @3x when it is a reduction (the same
  // part of the source, at a small part of the cost), else from the source.
  const Plan plan3 = PlanFor(source_size, box_at(3), cover);
  const Raster image3 = Resample(source, plan3);
  for (int scale = 1; scale <= 3; ++scale) {
    const Size box = box_at(scale);
    const Plan plan = PlanFor(source_size, box, cover);
    DerivedImage out;
    out.scale = scale;
    out.name = name + (scale == 1 ? "" : "@" + std::to_string(scale) + "x") + ".png";
    if (scale == 3) {
      out.image = image3;
    } else if (plan3.factor <= 1) {
      out.image = Resample(image3, Plan{plan.size});
    } else {
      out.image = Resample(source, plan);
    }
    if (!cover) {
      Size canvas = plan.size;
      if (row->fit == schema::Fit::kPad) {
        canvas = box;
      } else if (row->fit == schema::Fit::kInsideRatio) {
        // Wallet crops a thumbnail whose shape is outside 2:3 to 3:2.
        if (2 * canvas.width > 3 * canvas.height) canvas.height = (2 * canvas.width + 2) / 3;
        if (2 * canvas.height > 3 * canvas.width) canvas.width = (2 * canvas.height + 2) / 3;
      }
      if (canvas.width != plan.size.width || canvas.height != plan.size.height) {
        if (scale == 3) {
          set.notes.push_back("the " + Dimensions(source_size) + " image was centred on a transparent " +
                              Dimensions(canvas) + " canvas at @3x, " +
                              (row->fit == schema::Fit::kPad ? "the size Apple gives the " + name
                                                             : std::string("the widest shape Wallet shows uncropped")));
        }
        out.image = Centre(out.image, canvas);
      }
    }
    if (scale == 3 && plan.factor > 1.0001) {
      set.notes.push_back("the " + Dimensions(source_size) + " image was enlarged to " +
                          std::to_string(std::lround(plan.factor * 100)) +
                          "% for @3x and will look soft; give one of at least " +
                          Dimensions({Round(source.width * plan.factor), Round(source.height * plan.factor)}) +
                          " pixels");
    }
    if (scale == 3 && cover) {
      const double kept_w = box.width / plan.factor, kept_h = box.height / plan.factor;
      if (kept_w < source.width - 0.5) {
        set.notes.push_back("cropped to Apple's " + Dimensions({row->width, row->height}) + " shape as Wallet would: " +
                            std::to_string(std::lround(source.width - kept_w)) +
                            " pixels of the source's width left out, half from each side");
      } else if (kept_h < source.height - 0.5) {
        set.notes.push_back("cropped to Apple's " + Dimensions({row->width, row->height}) + " shape as Wallet would: " +
                            std::to_string(std::lround(source.height - kept_h)) +
                            " pixels of the source's height left out, half from the top and half from the bottom");
      }
    }
    set.images.push_back(std::move(out));
  }
  return set;
}

}  // namespace pkpass
