#include "resolve/images.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "image/derive.h"
#include "image/raster.h"
#include "model/model_impl.h"
#include "model/model_loader.h"
#include "model/model_paths.h"
#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/vocabulary.h"
#include "util/base64.h"
#include "util/safe_path.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

// One well-formed "images" entry.
struct ImageEntry {
  std::string type;
  int scale = 1;
  bool scale_given = false;
  std::string source;  // "hex", "path", "data", "url", or "" for the model's images
  std::string_view value;
  JsonPointer at;
};

class ImagesResolver {
 public:
  ImagesResolver(ImageSources sources, ResolvedPass& pass, Diagnostics& diags)
      : sources_(sources), pass_(pass), diags_(diags) {}

  void Apply(const rapidjson::Value& images, const JsonPointer& at) {
    std::vector<ImageEntry> entries;
    for (rapidjson::SizeType i = 0; i < images.Size(); ++i) {
      ImageEntry entry;
      if (ParseEntry(images[i], at.Child(i), entry)) entries.push_back(std::move(entry));
    }
    // The types listed, and those whose model images are kept.
    std::set<std::string, std::less<>> listed, kept;
    std::set<std::pair<std::string, int>> seen;
    for (const ImageEntry& e : entries) {
      const bool whole_type = e.source.empty();
      if ((whole_type && listed.contains(e.type)) ||
          (!whole_type && (kept.contains(e.type) || !seen.emplace(e.type, e.scale).second))) {
        Error(codes::kImageDuplicate, e.at,
              "the image " + e.type + " at scale " + std::to_string(e.scale) + " is listed twice");
        continue;
      }
      listed.insert(e.type);
      if (whole_type) kept.insert(e.type);
    }
    // Pass2U's rule: a type not listed is not in the pass; a type with its own images loses the
    // model's, localised copies included.
    std::erase_if(pass_.files, [&](const auto& file) {
      std::string_view base;
      const std::string_view name = std::string_view(file.first).substr(file.first.rfind('/') + 1);
      return ParseImageName(name, &base) && !kept.contains(base);
    });
    for (const std::string& type : kept) {
      if (!HasModelImage(type)) {
        for (const ImageEntry& e : entries) {
          if (e.type == type && e.source.empty()) {
            Error(codes::kImageNotInModel, e.at.Child("type"),
                  "the model has no " + type + " image to keep; give \"hex\", \"path\", \"data\" or \"url\"");
          }
        }
      }
    }
    for (const ImageEntry& e : entries) {
      if (!e.source.empty() && !kept.contains(e.type)) AddOwnImage(e, "");
    }
  }

  // A language's own images: each type given replaces the model's of that type in `folder`
  // and at the top level (which Wallet would show instead of any localised copy).
  void ApplyLocalized(const rapidjson::Value& images, const JsonPointer& at, std::string_view folder) {
    std::vector<ImageEntry> entries;
    std::set<std::string, std::less<>> types;
    std::set<std::pair<std::string, int>> seen;
    for (rapidjson::SizeType i = 0; i < images.Size(); ++i) {
      ImageEntry e;
      if (!ParseEntry(images[i], at.Child(i), e)) continue;
      if (e.source.empty()) {
        Error(codes::kImageSourceConflict, e.at,
              "a localised image needs its bytes: give \"hex\", \"path\", \"data\" or \"url\"");
      } else if (!seen.emplace(e.type, e.scale).second) {
        Error(codes::kImageDuplicate, e.at,
              "the image " + e.type + " at scale " + std::to_string(e.scale) + " is listed twice");
      } else {
        types.insert(e.type);
        entries.push_back(std::move(e));
      }
    }
    const std::string prefix = std::string(folder) + "/";
    std::erase_if(pass_.files, [&](const auto& file) {
      const std::string_view path = file.first;
      const size_t slash = path.rfind('/');
      if (slash != std::string_view::npos && path.substr(0, slash + 1) != prefix) return false;
      std::string_view base;
      return ParseImageName(path.substr(slash + 1), &base) && types.contains(base);
    });
    for (const ImageEntry& e : entries) AddOwnImage(e, prefix);
  }

 private:
  void Error(std::string_view code, const JsonPointer& at, std::string message) {
    diags_.Error(code, std::string(kOverridesFile), at.str(), std::move(message));
  }

  bool ParseEntry(const rapidjson::Value& v, const JsonPointer& at, ImageEntry& entry) {
    if (!v.IsObject()) {
      Error(codes::kOverrideType, at, "an image is an object, not " + std::string(JsonTypeName(v)));
      return false;
    }
    bool ok = true;
    for (const auto& m : v.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = at.Child(name);
      if (name == "type") {
        std::string_view base;
        if (!m.value.IsString() || !ParseImageName(std::string(StringOf(m.value)) + ".png", &base) ||
            base != StringOf(m.value)) {
          Error(codes::kImageTypeUnknown, m_at,
                "type must be an image of a pass: icon, logo, strip, background, thumbnail, "
                "footer, primaryLogo, secondaryLogo, artwork or personalizationLogo");
          ok = false;
        } else {
          entry.type = std::string(base);
        }
      } else if (name == "scale") {
        if (!m.value.IsInt() || m.value.GetInt() < 1 || m.value.GetInt() > 3) {
          Error(codes::kOverrideValue, m_at, "scale must be 1, 2 or 3");
          ok = false;
        } else {
          entry.scale = m.value.GetInt();
          entry.scale_given = true;
        }
      } else if (name == "hex" || name == "path" || name == "data" || name == "url") {
        if (!m.value.IsString()) {
          Error(codes::kOverrideType, m_at, std::string(name) + " must be a string");
          ok = false;
        } else if (!entry.source.empty()) {
          Error(codes::kImageSourceConflict, m_at,
                "give one of \"hex\", \"path\", \"data\" and \"url\", not both " + entry.source + " and " +
                    std::string(name));
          ok = false;
        } else {
          entry.source = std::string(name);
          entry.value = StringOf(m.value);
        }
      } else {
        Error(codes::kOverrideKeyUnknown, m_at, "\"" + std::string(name) + "\" is not an image key");
        ok = false;
      }
    }
    if (entry.type.empty() && Member(v, "type") == nullptr) {
      Error(codes::kImageTypeUnknown, at.Child("type"), "an image needs a \"type\"");
      ok = false;
    }
    entry.at = at;
    return ok;
  }

  bool HasModelImage(std::string_view type) const {
    for (const auto& [path, file] : pass_.model->files) {
      std::string_view base;
      if (ParseImageName(path.substr(path.rfind('/') + 1), &base) && base == type) return true;
    }
    return false;
  }

  // Returns the entry's bytes, read once per source and copied for each further use, each copy
  // counted against the pass's bytes; on failure reports why and returns nullopt.
  std::optional<std::string> Bytes(const ImageEntry& e) {
    const size_t budget = kMaxOwnImageBytes - std::min(kMaxOwnImageBytes, pass_.own_image_bytes);
    const std::string key = e.source + '\0' + std::string(e.value);
    auto cached = pass_.read_sources.find(key);
    if (cached == pass_.read_sources.end()) {
      std::optional<std::string> bytes = Read(e, std::min(budget, kMaxModelFileBytes));
      if (!bytes) return std::nullopt;
      cached = pass_.read_sources.emplace(key, std::move(*bytes)).first;
    }
    if (cached->second.size() > budget) {
      TooLarge(e);
      return std::nullopt;
    }
    pass_.own_image_bytes += cached->second.size();
    return cached->second;
  }

  // Reports that the pass's own images pass kMaxOwnImageBytes, once a pass: the count is
  // then past the budget, so nothing more is read.
  void TooLarge(const ImageEntry& e) {
    if (pass_.own_image_bytes > kMaxOwnImageBytes) return;
    pass_.own_image_bytes = kMaxOwnImageBytes + 1;
    Error(codes::kPassTooLarge, e.at,
          "the pass's own images, one copy for each language that has them, pass the " +
              std::to_string(kMaxOwnImageBytes) + " bytes one pass's images may have; no more were read");
  }

  // Reads the entry's bytes, at most `max_bytes`; on failure reports why and returns nullopt.
  std::optional<std::string> Read(const ImageEntry& e, size_t max_bytes) {
    const JsonPointer at = e.at.Child(e.source);
    if (e.source == "data") {
      std::optional<std::string> bytes = DecodeBase64(e.value);
      if (!bytes) Error(codes::kImageDataInvalid, at, "data is not base64");
      return bytes;
    }
    if (e.source == "url") return Fetch(e, at, max_bytes);
    std::string path;
    if (e.source == "hex") {
      if (e.value.size() != 40 || e.value.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
        Error(codes::kOverrideValue, at, "hex must be the 40 hex digits of the image's SHA-1");
        return std::nullopt;
      }
      for (char c : e.value) path.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      path += ".png";
    } else {
      path = std::string(e.value);
      if (!IsSafeRelativePath(path) || path.back() == '/') {
        Error(codes::kImagePathUnsafe, at,
              "path must stay inside the image directory: no \"..\", no leading \"/\", no backslash");
        return std::nullopt;
      }
    }
    if (sources_.store == nullptr) {
      Error(codes::kImageStoreMissing, at, "no image directory was given to read " + path + " from");
      return std::nullopt;
    }
    std::optional<std::string> bytes =
        Received(sources_.store->Read(path, max_bytes), e, at, max_bytes, codes::kImageNotFound, codes::kImagePathUnsafe);
    if (!bytes) return std::nullopt;
    if (e.source == "hex" && Sha1Hex(*bytes) != path.substr(0, 40)) {
      Error(codes::kImageHashMismatch, at,
            path + " has the SHA-1 " + Sha1Hex(*bytes) + ", not the hex given");
      return std::nullopt;
    }
    return std::move(*bytes);
  }

  // Fetches an image by URL through the caller's ImageFetcher.
  std::optional<std::string> Fetch(const ImageEntry& e, const JsonPointer& at, size_t max_bytes) {
    const std::string_view url = e.value;
    if (!(url.starts_with("https://") || url.starts_with("http://")) ||
        url.find_first_of(" \t\r\n") != std::string_view::npos) {
      Error(codes::kOverrideValue, at, "url must be an http or https URL");
      return std::nullopt;
    }
    if (sources_.fetcher == nullptr) {
      Error(codes::kImageUrlUnmapped, at,
            "no image fetcher was given to fetch " + std::string(url));
      return std::nullopt;
    }
    return Received(sources_.fetcher->Fetch(url, max_bytes), e, at, max_bytes, codes::kImageUrlUnmapped,
                    codes::kImageDataInvalid);
  }

  // The bytes of an image read from the store or fetched, or nullopt with the diagnostic of why
  // not: over `max_bytes` (when below a model file's limit, the reader's kIoError), `not_found`
  // for kNotFound, `invalid` for kInvalidArgument, image-data-invalid otherwise.
  std::optional<std::string> Received(Result<std::string> bytes, const ImageEntry& e, const JsonPointer& at,
                                      size_t max_bytes, std::string_view not_found, std::string_view invalid) {
    if (bytes.ok()) return std::move(*bytes);
    const StatusCode code = bytes.status().code();
    if (max_bytes < kMaxModelFileBytes && code == StatusCode::kIoError) {
      TooLarge(e);
    } else {
      Error(code == StatusCode::kNotFound          ? not_found
            : code == StatusCode::kInvalidArgument ? invalid
                                                   : codes::kImageDataInvalid,
            at, bytes.status().message());
    }
    return std::nullopt;
  }

  void AddOwnImage(const ImageEntry& e, std::string_view prefix) {
    std::optional<std::string> bytes = Bytes(e);
    if (!bytes) return;
    if ((sources_.derive || pass_.model->config.derive_images) &&
        (!e.scale_given || SniffImageFormat(*bytes) != ImageFormat::kPng)) {
      Derive(e, prefix, *bytes);
      return;
    }
    const std::string path = std::string(prefix) + e.type + (e.scale == 1 ? "" : "@" + std::to_string(e.scale) + "x") + ".png";
    AddFile(path, std::move(*bytes), e, /*replace=*/true);
    if (!e.scale_given) pass_.unscaled_images.insert(path);
  }

  // Adds the file `path` made by entry `e`; a derived file (`replace` false) leaves one an entry
  // named with its scale in place.
  void AddFile(const std::string& path, std::string bytes, const ImageEntry& e, bool replace) {
    if (!replace && pass_.own_file_sources.contains(path)) return;
    ModelFile& file = pass_.own_files[path] = MakePassFile(path, std::move(bytes), pass_.image_inspector);
    pass_.files[path] = &file;
    pass_.own_file_sources[path] = e.at.str();
    pass_.unscaled_images.erase(path);
  }

  // Adds the PNG set derived from entry `e`'s `bytes`: every scale for an entry without one, else
  // that scale's image.
  void Derive(const ImageEntry& e, std::string_view prefix, const std::string& bytes) {
    using Files = std::vector<std::pair<std::string, std::string>>;  // name, PNG
    const Model::Impl& model = *pass_.model;
    const std::string key = Sha1Hex(bytes) + '/' + e.type + '/' + std::to_string(e.scale_given ? e.scale : 0);
    std::shared_ptr<const Files> files;
    {
      std::lock_guard lock(model.derived_mutex);
      if (auto it = model.derived.find(key); it != model.derived.end()) files = it->second;
    }
    if (files == nullptr) {
      DecodedImage decoded = DecodeImage(bytes, &pass_.image_inspector.budget());
      if (decoded.problem != PngInfo::Problem::kNone) {
        Error(ProblemCode(decoded.problem), e.at.Child(e.source), "cannot make " + e.type + " images from it: " + decoded.detail);
        return;
      }
      Result<DerivedSet> set = DeriveImageSet(decoded.raster, e.type, schema::StyleOf(model.pass_json));
      if (!set.ok()) {
        Error(codes::kImageTypeUnknown, e.at.Child("type"), set.status().message());
        return;
      }
      auto made = std::make_shared<Files>();
      for (const DerivedImage& image : set->images) {
        if (!e.scale_given || image.scale == e.scale) made->emplace_back(image.name, EncodePng(image.image));
      }
      files = made;
      std::lock_guard lock(model.derived_mutex);
      if (model.derived.size() >= Model::Impl::kMaxDerivedSets) model.derived.clear();
      model.derived.emplace(key, files);
    }
    for (const auto& [name, png] : *files) AddFile(std::string(prefix) + name, png, e, /*replace=*/e.scale_given);
  }

  const ImageSources sources_;
  ResolvedPass& pass_;
  Diagnostics& diags_;
};

}  // namespace

void ApplyImages(const rapidjson::Value& images, const JsonPointer& at, ImageSources sources,
                 ResolvedPass& pass, Diagnostics& diags) {
  ImagesResolver(sources, pass, diags).Apply(images, at);
}

void ApplyLocalizedImages(const rapidjson::Value& images, const JsonPointer& at,
                          std::string_view folder, ImageSources sources, ResolvedPass& pass,
                          Diagnostics& diags) {
  ImagesResolver(sources, pass, diags).ApplyLocalized(images, at, folder);
}

}  // namespace pkpass
