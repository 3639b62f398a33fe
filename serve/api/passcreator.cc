#include "api/passcreator.h"

#include "api/flows.h"
#include "api/responses.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

using Writer = JsonWriter;

// The envelope: success, description, errors, then `data` written by `write_data`.
Response Envelope(int status, std::string_view description, const std::vector<std::string>& errors, int count,
                  const std::function<void(Writer&)>& write_data, const Diagnostics& diags = {}) {
  rapidjson::StringBuffer out;
  Writer w(out);
  w.StartObject();
  w.Key("success");
  w.Bool(status < 300);
  w.Key("description");
  w.String(description.data(), static_cast<rapidjson::SizeType>(description.size()));
  w.Key("errors");
  w.StartArray();
  for (const std::string& e : errors) w.String(ToValidUtf8(e));
  w.EndArray();
  w.Key("data");
  write_data(w);
  w.Key("statusCode");
  w.Int(status);
  w.Key("count");
  w.Int(count);
  WriteDiagnostics(w, diags);
  w.EndObject();
  return JsonResponse(status, std::string(out.GetString(), out.GetSize()));
}

Response Failure(const Outcome& o) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : o.diags) {
    if (d.severity == Severity::kError) errors.push_back(d.message);
  }
  if (errors.empty()) errors.push_back(o.status == 404 ? "Object not found" : o.message);
  return Envelope(o.status, o.message, errors, 0, [](Writer& w) {
    w.StartArray();
    w.EndArray();
  }, o.diags);
}

Response Failure(int status, const std::string& message) {
  Outcome o;
  o.status = status;
  o.message = message;
  return Failure(o);
}

}  // namespace

std::optional<Route> PasscreatorApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.size() < 3 || s[0] != "api" || s[1] != "v3" || s[2] != "pass") return std::nullopt;
  if (s.size() == 3) {
    return MakeRoute(method, "POST", kMaxJsonBody, [this](const Request& r) { return Create(r); });
  }
  if (s.size() != 4) return std::nullopt;
  const std::string id = s[3];
  const std::string m(method);
  if (id == "bulk") {
    return MakeRoute(method, "POST,PATCH", kMaxJsonBody, [this, m](const Request& r) { return Bulk(r, m == "POST"); });
  }
  const size_t limit = m == "POST" || m == "PATCH" ? kMaxJsonBody : 0;
  return MakeRoute(method, "GET,POST,PATCH,DELETE", limit, [this, id, m](const Request& r) {
    if (m == "GET") return Show(id);
    if (m == "DELETE") return Remove(id);
    return Change(r, id, m == "POST");
  });
}

Response PasscreatorApi::Create(const Request& request) {
  if (!ContentTypeIs(request, "application/json")) return Failure(415, "the body must be application/json");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
  const rapidjson::Value* data = doc.IsObject() && doc.HasMember("data") ? &doc["data"] : nullptr;
  if (!data || !data->IsObject() || !data->HasMember("templateId") || !(*data)["templateId"].IsString()) {
    return Failure(400, "the body's \"data\" gives no \"templateId\"");
  }
  Outcome o = CreateFromPayload(passes_, PayloadFormat::kPasscreator, "passcreator", (*data)["templateId"].GetString(),
                                request.body);
  if (!o.pass) return Failure(o);
  return PassAnswer(*o.pass, "Pass has been created.");
}

Response PasscreatorApi::Change(const Request& request, const std::string& identifier, bool replace) {
  if (!ContentTypeIs(request, "application/json")) return Failure(415, "the body must be application/json");
  const PassRef ref{"passcreator", "", identifier, ""};
  Outcome o = replace ? ReplaceFromPayload(passes_, PayloadFormat::kPasscreator, ref, request.body)
                      : UpdateFromBody(passes_, PayloadFormat::kPasscreator, ref, request.body);
  if (!o.pass) return Failure(o);
  return PassAnswer(*o.pass, "Pass has been updated.");
}

Response PasscreatorApi::Bulk(const Request& request, bool replace) {
  if (!ContentTypeIs(request, "application/json")) return Failure(415, "the body must be application/json");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
  const rapidjson::Value* filter = doc.IsObject() && doc.HasMember("filter") ? &doc["filter"] : nullptr;
  if (!filter || !filter->IsObject() || !filter->HasMember("identifiers") || !(*filter)["identifiers"].IsArray()) {
    return Failure(400, "a bulk update here names its passes in \"filter\": {\"identifiers\": [...]}; segments and "
                        "queries select passes on Passcreator's servers");
  }
  const auto& ids = (*filter)["identifiers"];
  if (ids.Size() > kMaxBulkPasses) {
    return Failure(400, "a bulk update names at most " + std::to_string(kMaxBulkPasses) + " passes");
  }
  std::vector<std::string> updated;
  std::vector<std::string> errors;
  Diagnostics diags;
  for (const auto& id : ids.GetArray()) {
    if (!id.IsString()) {
      errors.push_back("an identifier is not a string");
      continue;
    }
    const PassRef ref{"passcreator", "", id.GetString(), ""};
    Outcome o = replace ? ReplaceFromPayload(passes_, PayloadFormat::kPasscreator, ref, request.body)
                        : UpdateFromBody(passes_, PayloadFormat::kPasscreator, ref, request.body);
    if (o.pass) {
      updated.push_back(o.pass->id);
    } else {
      errors.push_back(std::string(id.GetString()) + ": " + (o.status == 404 ? "Object not found" : o.message));
      diags.Append(o.diags);
    }
  }
  const int status = errors.empty() ? 202 : updated.empty() ? 400 : 207;
  return Envelope(status, std::to_string(updated.size()) + " of " + std::to_string(ids.Size()) + " passes updated.",
                  errors, static_cast<int>(updated.size()),
                  [&](Writer& w) {
                    w.StartObject();
                    w.Key("identifiers");
                    w.StartArray();
                    for (const std::string& u : updated) w.String(u);
                    w.EndArray();
                    w.EndObject();
                  },
                  diags);
}

Response PasscreatorApi::Show(const std::string& identifier) {
  Outcome o = passes_.Find({"passcreator", "", identifier, ""});
  if (!o.pass) return Failure(o);
  return PassAnswer(*o.pass, "");
}

Response PasscreatorApi::Remove(const std::string& identifier) {
  Outcome o = passes_.Delete({"passcreator", "", identifier, ""});
  if (!o.pass) return Failure(o);
  return Envelope(200, "Successfully deleted!", {}, 1, [&](Writer& w) {
    w.StartObject();
    w.Key("identifier");
    w.String(o.pass->id);
    w.EndObject();
  });
}

Response PasscreatorApi::PassAnswer(const StoredPass& pass, const std::string& description) {
  const rapidjson::Document overrides = OverridesOf(pass);
  std::string barcode = MessageOf(overrides);
  if (barcode.empty()) barcode = MessageOf(overrides, true);  // "The barcode value or NFC payload"
  return Envelope(200, description, {}, 1, [&](Writer& w) {
    w.StartObject();
    w.Key("identifier");
    w.String(pass.id);
    w.Key("userProvidedId");
    w.String(pass.serial);
    w.Key("bundleId");
    w.Null();
    w.Key("downloadPage");
    w.String(public_url_ + "/d/" + pass.id);
    if (!barcode.empty()) {
      w.Key("barcodeValue");
      w.String(barcode);
    }
    w.Key("iPhoneUri");
    w.String(public_url_ + "/d/" + pass.id + "/pass.pkpass");
    w.EndObject();
  });
}

}  // namespace pkpass::serve
