#include "api/pass2u.h"

#include "api/flows.h"
#include "api/responses.h"
#include "pkpass/images.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 15) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<Route> Pass2uApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.empty() || s[0] != "v2") return std::nullopt;
  auto route = [&](std::string_view allowed, size_t limit, std::function<Response(const Request&)> run) {
    return std::optional<Route>(MakeRoute(method, allowed, limit, std::move(run)));
  };
  if (s.size() == 2 && s[1] == "images") {
    return route("POST", kMaxImageBytes, [this](const Request& r) { return UploadImage(r); });
  }
  if (s.size() < 4 || s[1] != "models" || s[3] != "passes") return std::nullopt;
  const std::string model = s[2];
  if (s.size() == 4) {
    return route("POST", kMaxJsonBody, [this, model](const Request& r) { return Create(r, model); });
  }
  const std::string pass = s[4];
  if (s.size() == 5) {
    const size_t limit = method == "PUT" ? kMaxJsonBody : 0;
    return route("GET,PUT", limit, [this, model, pass, method = std::string(method)](const Request& r) {
      return method == "PUT" ? Update(r, model, pass) : Download(r, model, pass);
    });
  }
  if (s.size() == 6 && s[5] == "status") {
    return route("GET", 0, [this, model, pass](const Request& r) { return PassStatus(r, model, pass); });
  }
  if (s.size() == 7 && s[5] == "attributes") {
    const std::string name = s[6];
    return route("DELETE", 0, [this, model, pass, name](const Request& r) {
      return Reset(r, model, pass, [&name](const std::string& o, Diagnostics& d) { return ResetAttribute(o, name, d); });
    });
  }
  if (s.size() == 7 && s[5] == "fields") {
    const std::string key = s[6];
    return route("DELETE", 0, [this, model, pass, key](const Request& r) {
      return Reset(r, model, pass, [&key](const std::string& o, Diagnostics& d) { return ResetField(o, key, d); });
    });
  }
  if (s.size() == 9 && s[5] == "fields" && s[7] == "attributes") {
    const std::string key = s[6];
    const std::string name = s[8];
    return route("DELETE", 0, [this, model, pass, key, name](const Request& r) {
      return Reset(r, model, pass, [&key, &name](const std::string& o, Diagnostics& d) {
        return ResetFieldAttribute(o, key, name, d);
      });
    });
  }
  return std::nullopt;
}

Response Pass2uApi::Create(const Request& request, const std::string& model_id) {
  if (!ContentTypeIs(request, "application/json")) return ErrorResponse(415, "the body must be application/json");
  if (!Accepts(request, "application/json")) return ErrorResponse(406, "the answer is application/json");
  Outcome o = CreateFromPayload(passes_, PayloadFormat::kPass2u, "pass2u", model_id, request.body);
  if (!o.pass) return ErrorResponse(o);
  return PassAnswer(201, *o.pass, true);
}

Response Pass2uApi::Update(const Request& request, const std::string& model_id, const std::string& pass_id) {
  if (!ContentTypeIs(request, "application/json")) return ErrorResponse(415, "the body must be application/json");
  if (!Accepts(request, "application/json")) return ErrorResponse(406, "the answer is application/json");
  Outcome o = UpdateFromBody(passes_, PayloadFormat::kPass2u, {"pass2u", model_id, pass_id, ""}, request.body);
  if (!o.pass) return ErrorResponse(o);
  return PassAnswer(200, *o.pass, false);
}

Response Pass2uApi::Reset(const Request& request, const std::string& model_id, const std::string& pass_id,
                          const Passes::Change& change) {
  if (!Accepts(request, "application/json")) return ErrorResponse(406, "the answer is application/json");
  Outcome o = passes_.Update({"pass2u", model_id, pass_id, ""}, change, Now());
  if (!o.pass) return ErrorResponse(o);
  return JsonResponse(200, "{}");
}

Response Pass2uApi::Download(const Request& request, const std::string& model_id, const std::string& pass_id) {
  if (!Accepts(request, "application/vnd.apple.pkpass")) {
    return ErrorResponse(406, "the answer is application/vnd.apple.pkpass");
  }
  Outcome o = passes_.Download({"pass2u", model_id, pass_id, ""});
  if (!o.bytes) return ErrorResponse(o);
  return PassResponse(request, *o.pass, *o.bytes);
}

Response Pass2uApi::PassStatus(const Request& request, const std::string& model_id, const std::string& pass_id) {
  if (!Accepts(request, "application/json")) return ErrorResponse(406, "the answer is application/json");
  Outcome o = passes_.Find({"pass2u", model_id, pass_id, ""});
  if (!o.pass) return ErrorResponse(o);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("passId");
  w.String(o.pass->id);
  // Pass2U's status: 1 normal, 2 not accessible (its "status" attribute).
  const rapidjson::Document doc = OverridesOf(*o.pass);
  w.Key("status");
  w.Int(doc.HasMember("status") && doc["status"].IsInt() && doc["status"].GetInt() == 2 ? 2 : 1);
  // Installations: the devices registered with the web service for the pass. Wallet says
  // nothing of a device's make, so every one is Apple's Wallet. Redemptions: Pass2U Checkout
  // is Pass2U's own.
  Result<std::vector<Registration>> devices = passes_.store().RegistrationsOf(o.pass->id);
  if (!devices.ok()) return ErrorResponse(500, devices.status().ToString());
  w.Key("devices");
  w.StartArray();
  for (const Registration& d : *devices) {
    w.StartObject();
    w.Key("brand");
    w.String("Apple");
    w.Key("model");
    w.String("Wallet");
    w.Key("installedTime");
    w.String(IsoTime(d.created));
    w.EndObject();
  }
  w.EndArray();
  w.Key("redemptions");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  return JsonResponse(200, std::string(out.GetString(), out.GetSize()));
}

namespace {

// The dimensions in a PNG's IHDR; false when `png` does not start as a PNG does.
bool PngDimensions(const std::string& png, unsigned& width, unsigned& height) {
  static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (png.size() < 24 || png.compare(0, 8, reinterpret_cast<const char*>(kSignature), 8) != 0 ||
      png.compare(12, 4, "IHDR") != 0) {
    return false;
  }
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  width = be32(16);
  height = be32(20);
  return true;
}

}  // namespace

Response Pass2uApi::UploadImage(const Request& request) {
  if (!ContentTypeIs(request, "image/png") && !ContentTypeIs(request, "image/jpeg") &&
      !ContentTypeIs(request, "image/gif") && !ContentTypeIs(request, "image/bmp")) {
    return ErrorResponse(415, "the body must be image/png, image/jpeg, image/gif or image/bmp");
  }
  if (!Accepts(request, "application/json")) return ErrorResponse(406, "the answer is application/json");
  auto too_large = [](unsigned width, unsigned height) {
    return width == 0 || height == 0 || width > kMaxImageSide || height > kMaxImageSide;
  };
  auto refuse_size = [](unsigned width, unsigned height) {
    return ErrorResponse(400, "the image is " + std::to_string(width) + " x " + std::to_string(height) +
                                  " pixels; at most 1024 x 1024 are taken");
  };
  // A PNG over Pass2U's limit is refused from its header, before it is decoded.
  unsigned width = 0, height = 0;
  if (PngDimensions(request.body, width, height) && too_large(width, height)) return refuse_size(width, height);
  // Any image becomes a PNG, stored by its SHA-1 (pkpass/images.h), as pkpass-build image add does.
  Result<std::string> png = UploadToPng(request.body);
  if (!png.ok()) return ErrorResponse(400, "the body is no image pkpass reads: " + png.status().message());
  if (!PngDimensions(*png, width, height) || too_large(width, height)) return refuse_size(width, height);
  Result<std::string> hex = passes_.PutImage(*png);
  if (!hex.ok()) return ErrorResponse(500, hex.status().ToString());
  return JsonResponse(200, "{\"hex\":\"" + *hex + "\"}");
}

Response Pass2uApi::PassAnswer(int status, const StoredPass& pass, bool created) {
  const rapidjson::Document doc = OverridesOf(pass);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  if (const std::string m = MessageOf(doc); !m.empty()) {
    w.Key("barcodeMessage");
    w.String(m);
  }
  if (const std::string m = MessageOf(doc, true); !m.empty()) {
    w.Key("nfcMessage");
    w.String(m);
  }
  w.Key("modelId");
  if (AllDigits(pass.model)) {
    w.Int64(std::stoll(pass.model));
  } else {
    w.String(pass.model);
  }
  w.Key("passId");
  w.String(pass.id);
  w.Key(created ? "createdTime" : "updatedTime");
  w.String(IsoTime(created ? pass.created : pass.updated));
  if (doc.HasMember("expirationDate") && doc["expirationDate"].IsString()) {
    w.Key("expirationDate");
    w.String(doc["expirationDate"].GetString(), doc["expirationDate"].GetStringLength());
  }
  w.EndObject();
  return JsonResponse(status, std::string(out.GetString(), out.GetSize()));
}

}  // namespace pkpass::serve
