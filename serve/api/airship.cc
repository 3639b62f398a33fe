#include "api/airship.h"

#include <openssl/sha.h>

#include "api/flows.h"
#include "api/responses.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

std::string Compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  v.Accept(w);
  return std::string(out.GetString(), out.GetSize());
}

// 31 bits of the SHA-1 of a location's compact JSON in pass.json.
std::int64_t LocationId(const std::string& location) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(location.data()), location.size(), digest);
  return (static_cast<std::int64_t>(digest[0] & 0x7f) << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3];
}

// The locations the pass shows with `overrides`, each as compact JSON, in order.
Result<std::vector<std::string>> LocationsOf(const Model& model, const ValidateOptions& options,
                                             const std::string& overrides, Diagnostics& diags) {
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(overrides, diags);
  if (!parsed.ok()) return parsed.status();
  Result<std::string> pass = model.Resolve(*parsed, options, diags);
  if (!pass.ok()) return pass.status();
  rapidjson::Document doc;
  doc.Parse(pass->data(), pass->size());
  std::vector<std::string> out;
  if (doc.IsObject() && doc.HasMember("locations") && doc["locations"].IsArray()) {
    for (const auto& l : doc["locations"].GetArray()) out.push_back(Compact(l));
  }
  return out;
}

Response LocationsAnswer(int status, const std::vector<std::string>& locations, bool wrapped) {
  std::string body = wrapped ? "{\"locations\":[" : "[";
  for (size_t i = 0; i < locations.size(); ++i) {
    if (i) body += ",";
    body += "{\"passLocationId\":" + std::to_string(LocationId(locations[i])) + ",\"value\":" + locations[i] + "}";
  }
  body += wrapped ? "]}" : "]";
  return JsonResponse(status, std::move(body));
}

}  // namespace

std::optional<Route> AirshipApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.size() < 3 || s[0] != "v1" || s[1] != "pass") return std::nullopt;
  auto route = [&](std::string_view allowed, size_t limit, std::function<Response(const Request&)> run) {
    return std::optional<Route>(MakeRoute(method, allowed, limit, std::move(run)));
  };
  if (s[2] == "id" && s.size() == 4) {  // by external id
    const PassRef ref{"airship", "", "", s[3]};
    const std::string m(method);
    return route("GET,PUT,DELETE", m == "PUT" ? kMaxJsonBody : 0, [this, ref, m](const Request& r) {
      return m == "GET" ? Show(ref) : m == "PUT" ? Update(r, ref) : Remove(ref);
    });
  }
  const std::string id = s[2];
  const PassRef ref{"airship", "", id, ""};
  if (s.size() == 3) {
    const std::string m(method);
    const size_t limit = m == "POST" || m == "PUT" ? kMaxJsonBody : 0;
    // POST names a template; the others a pass.
    return route("GET,POST,PUT,DELETE", limit, [this, ref, id, m](const Request& r) {
      if (m == "POST") return Create(r, id, "", false);
      return m == "GET" ? Show(ref) : m == "PUT" ? Update(r, ref) : Remove(ref);
    });
  }
  if (s.size() == 4 && s[3] == "dynamic") {
    return route("POST", kMaxJsonBody, [this, id](const Request& r) { return Create(r, id, "", true); });
  }
  if (s.size() == 5 && s[3] == "id") {
    const std::string external = s[4];
    return route("POST", kMaxJsonBody,
                 [this, id, external](const Request& r) { return Create(r, id, external, false); });
  }
  if (s.size() == 4 && s[3] == "download") {
    return route("GET", 0, [this, ref](const Request& r) {
      Outcome o = passes_.Download(ref);
      if (!o.bytes) return ErrorResponse(o);
      return PassResponse(r, *o.pass, *o.bytes);
    });
  }
  if (s.size() == 4 && s[3] == "locations") {
    return route("POST", kMaxJsonBody, [this, ref](const Request& r) { return AddLocations(r, ref); });
  }
  if (s.size() == 5 && s[3] == "location") {
    const std::string location = s[4];
    return route("DELETE", 0, [this, ref, location](const Request&) { return RemoveLocation(ref, location); });
  }
  return std::nullopt;
}

Response AirshipApi::Create(const Request& request, const std::string& template_id, const std::string& external_id,
                            bool dynamic) {
  if (!ContentTypeIs(request, "application/json")) return ErrorResponse(415, "the body must be application/json");
  std::string body = request.body;
  if (!external_id.empty()) {  // the path's external id, as the body's "externalId" would give it
    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (!doc.IsObject()) return ErrorResponse(400, "the body is not a JSON object");
    doc.RemoveMember("externalId");
    doc.AddMember("externalId", rapidjson::Value(external_id.c_str(), doc.GetAllocator()), doc.GetAllocator());
    body = Compact(doc);
  }
  Outcome o = CreateFromPayload(passes_, PayloadFormat::kAirship, "airship", template_id, body);
  if (!o.pass) return ErrorResponse(o);
  if (dynamic) return JsonResponse(200, "{\"url\":\"" + public_url_ + "/v1/pass/" + o.pass->id + "/download\"}");
  return PassAnswer(*o.pass);
}

Response AirshipApi::Show(const PassRef& ref) {
  Outcome o = passes_.Find(ref);
  if (!o.pass) return ErrorResponse(o);
  return PassAnswer(*o.pass);
}

Response AirshipApi::Update(const Request& request, const PassRef& ref) {
  if (!ContentTypeIs(request, "application/json")) return ErrorResponse(415, "the body must be application/json");
  Outcome o = UpdateFromBody(passes_, PayloadFormat::kAirship, ref, request.body);
  if (!o.pass) return ErrorResponse(o);
  return PassAnswer(*o.pass);
}

Response AirshipApi::Remove(const PassRef& ref) {
  Outcome o = passes_.Delete(ref);
  if (!o.pass) return ErrorResponse(o);
  return JsonResponse(200, "{\"status\":\"deleted\",\"passId\":\"" + o.pass->id + "\"}");
}

Response AirshipApi::AddLocations(const Request& request, const PassRef& ref) {
  if (!ContentTypeIs(request, "application/json")) return ErrorResponse(415, "the body must be application/json");
  Outcome found = passes_.Find(ref);
  if (!found.pass) return ErrorResponse(found);
  const Model* model = passes_.FindModel(found.pass->vendor, found.pass->model);
  Diagnostics diags;
  Result<ImportedUpdate> update = ImportUpdate(PayloadFormat::kAirship, request.body, model, "patch", diags);
  if (!update.ok() || diags.has_errors()) return ErrorResponse(400, "the locations are not valid", diags);
  rapidjson::Document added;
  added.Parse(update->patch.data(), update->patch.size());
  if (!added.IsObject() || !added.HasMember("locations") || !added["locations"].IsArray()) {
    return ErrorResponse(400, "the body gives no \"locations\" array");
  }
  const size_t count = added["locations"].Size();
  // The pass's locations now, the new ones after them: composed from the stored overrides the
  // update starts from, so that a change that came first is kept.
  Outcome o = passes_.Update(ref, [&](const std::string& stored, Diagnostics& d) -> Result<std::string> {
    Result<std::vector<std::string>> current = LocationsOf(*model, passes_.Validation(), stored, d);
    if (!current.ok()) return current.status();
    std::string patch = "{\"locations\":[";
    for (const std::string& l : *current) patch += l + ",";
    for (const auto& l : added["locations"].GetArray()) patch += Compact(l) + ",";
    patch.back() = ']';
    patch += "}";
    return PatchOverrides(stored, patch, d);
  }, Now());
  if (!o.pass) return ErrorResponse(o);
  Result<std::vector<std::string>> now = LocationsOf(*model, passes_.Validation(), o.pass->overrides, diags);
  if (!now.ok()) return ErrorResponse(500, now.status().ToString());
  return LocationsAnswer(200, std::vector<std::string>(now->end() - static_cast<std::ptrdiff_t>(count), now->end()),
                         false);
}

Response AirshipApi::RemoveLocation(const PassRef& ref, const std::string& location_id) {
  Outcome found = passes_.Find(ref);
  if (!found.pass) return ErrorResponse(found);
  const Model* model = passes_.FindModel(found.pass->vendor, found.pass->model);
  bool removed = false;
  Outcome o = passes_.Update(ref, [&](const std::string& stored, Diagnostics& d) -> Result<std::string> {
    Result<std::vector<std::string>> current = LocationsOf(*model, passes_.Validation(), stored, d);
    if (!current.ok()) return current.status();
    std::string patch = "{\"locations\":[";
    removed = false;
    for (const std::string& l : *current) {
      if (!removed && std::to_string(LocationId(l)) == location_id) {
        removed = true;
        continue;
      }
      patch += l + ",";
    }
    if (patch.back() == ',') patch.pop_back();
    patch += "]}";
    if (!removed) return Status::NotFound("no location " + location_id);
    return PatchOverrides(stored, patch, d);
  }, Now());
  if (!removed) return ErrorResponse(404, "the pass has no location " + location_id);
  if (!o.pass) return ErrorResponse(o);
  Diagnostics diags;
  Result<std::vector<std::string>> now = LocationsOf(*model, passes_.Validation(), o.pass->overrides, diags);
  if (!now.ok()) return ErrorResponse(500, now.status().ToString());
  return LocationsAnswer(200, *now, true);
}

Response AirshipApi::PassAnswer(const StoredPass& pass) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("id");
  w.String(pass.id);
  w.Key("templateId");
  w.String(pass.model);
  w.Key("serialNumber");
  w.String(pass.serial);
  if (pass.serial != pass.id) {
    w.Key("externalId");
    w.String(pass.serial);
  }
  w.Key("createdAt");
  w.String(IsoTime(pass.created, true));
  w.Key("updatedAt");
  w.String(IsoTime(pass.updated, true));
  w.Key("url");
  w.String(public_url_ + "/v1/pass/" + pass.id + "/download");
  w.Key("publicUrl");
  w.StartObject();
  w.Key("path");
  w.String(public_url_ + "/d/" + pass.id);
  w.Key("type");
  w.String("single");
  w.EndObject();
  w.EndObject();
  return JsonResponse(200, std::string(out.GetString(), out.GetSize()));
}

}  // namespace pkpass::serve
