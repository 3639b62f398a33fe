#include "api/webservice.h"

#include "api/flows.h"
#include "api/responses.h"
#include "push/apns.h"
#include "push/outbox.h"

namespace pkpass::serve {
namespace {

constexpr size_t kMaxRegistrationBody = 4096;
constexpr size_t kMaxLogBody = 256 * 1024;

Response Empty(int status) {
  Response r;
  r.status = status;
  return r;
}

Response Unauthorized() { return ErrorResponse(401, "not authorized for this pass"); }

}  // namespace

bool IsDeviceId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string LoggedPath(std::string_view path) {
  static constexpr std::string_view kDevices = "/v1/devices/";
  if (!path.starts_with(kDevices)) return std::string(path);
  const size_t end = path.find('/', kDevices.size());
  return std::string(kDevices) + "-" + (end == std::string_view::npos ? "" : std::string(path.substr(end)));
}

std::optional<Route> WebServiceApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.empty() || s[0] != "v1") return std::nullopt;
  std::optional<Route> route;
  if (s.size() == 6 && s[1] == "devices" && s[3] == "registrations") {
    route = MakeRoute(method, "POST,DELETE", kMaxRegistrationBody, [this, s](const Request& r) {
      return r.method == "POST" ? Register(r, s[2], s[4], s[5]) : Unregister(r, s[2], s[4], s[5]);
    });
  } else if (s.size() == 5 && s[1] == "devices" && s[3] == "registrations") {
    route = MakeRoute(method, "GET", 0, [this, s](const Request& r) { return Updated(r, s[2], s[4]); });
  } else if (s.size() == 4 && s[1] == "passes") {
    route = MakeRoute(method, "GET,HEAD", 0, [this, s](const Request& r) { return LatestPass(r, s[2], s[3]); });
  } else if (s.size() == 2 && s[1] == "log") {
    route = MakeRoute(method, "POST", kMaxLogBody, [this](const Request& r) { return Log(r); });
  } else {
    return std::nullopt;
  }
  route->open = true;
  return route;
}

Result<std::optional<StoredPass>> WebServiceApi::Authorized(const Request& request, const std::string& type,
                                                            const std::string& serial) {
  const std::string_view auth = request.Header("authorization");
  if (!auth.starts_with("ApplePass ") || type != passes_.pass_type_identifier()) return std::optional<StoredPass>();
  const std::string_view token = auth.substr(10);
  Result<std::optional<StoredPass>> pass = passes_.store().GetPassBySerial(serial);
  if (!pass.ok() || !*pass) return pass;
  const std::string& expected = (*pass)->auth_token;
  if (expected.empty() || !SameSecret(token, expected)) {
    return std::optional<StoredPass>();
  }
  return pass;
}

Response WebServiceApi::Register(const Request& request, const std::string& device, const std::string& type,
                                 const std::string& serial) {
  Result<std::optional<StoredPass>> pass = Authorized(request, type, serial);
  if (!pass.ok()) return ErrorResponse(500, pass.status().ToString());
  if (!*pass) return Unauthorized();
  if (!IsDeviceId(device)) return ErrorResponse(400, "the deviceLibraryIdentifier is not one");
  rapidjson::Document body;
  body.Parse(request.body.data(), request.body.size());
  if (body.HasParseError() || !body.IsObject() || !body.HasMember("pushToken") || !body["pushToken"].IsString() ||
      !IsPushToken(std::string_view(body["pushToken"].GetString(), body["pushToken"].GetStringLength()))) {
    return ErrorResponse(400, "the body must be {\"pushToken\": \"...\"} with an APNs device token (hex)");
  }
  const std::int64_t now = Now();
  const Registration registration{device, body["pushToken"].GetString(), (*pass)->id, now};
  std::vector<Job> jobs;
  if (!passes_.services().installed_webhook.empty()) {
    jobs.push_back(WebhookJob(passes_.services().installed_webhook, EventBody(**pass, "installedAt", now)));
  }
  Result<bool> added = passes_.store().Register(registration, jobs);
  if (!added.ok()) {
    if (added.status().code() == StatusCode::kNotFound) return Unauthorized();  // deleted meanwhile
    return ErrorResponse(500, added.status().ToString());
  }
  if (*added && !jobs.empty() && passes_.services().jobs_added) passes_.services().jobs_added();
  return Empty(*added ? 201 : 200);
}

Response WebServiceApi::Unregister(const Request& request, const std::string& device, const std::string& type,
                                   const std::string& serial) {
  Result<std::optional<StoredPass>> pass = Authorized(request, type, serial);
  if (!pass.ok()) return ErrorResponse(500, pass.status().ToString());
  if (!*pass) return Unauthorized();
  Result<bool> removed = passes_.store().Unregister(device, (*pass)->id);
  if (!removed.ok()) return ErrorResponse(500, removed.status().ToString());
  return Empty(200);
}

Response WebServiceApi::Updated(const Request& request, const std::string& device, const std::string& type) {
  if (!IsDeviceId(device) || type != passes_.pass_type_identifier()) return Empty(204);
  // The tag this server gave last; absent (a first call) or not one of ours: everything.
  std::int64_t since = 0;
  const std::string tag = request.Query("passesUpdatedSince");
  if (!tag.empty() && tag.size() <= 18 && tag.find_first_not_of("0123456789") == std::string::npos) {
    since = std::stoll(tag);
  }
  Result<std::vector<UpdatedPass>> updated = passes_.store().UpdatedSince(device, since);
  if (!updated.ok()) return ErrorResponse(500, updated.status().ToString());
  if (updated->empty()) return Empty(204);
  std::int64_t last = since;
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("serialNumbers");
  w.StartArray();
  for (const UpdatedPass& p : *updated) {
    w.String(p.serial);
    last = std::max(last, p.tag);
  }
  w.EndArray();
  w.Key("lastUpdated");
  w.String(std::to_string(last));  // a string: Wallet ignores a number
  w.EndObject();
  return JsonResponse(200, std::string(out.GetString(), out.GetSize()));
}

Response WebServiceApi::LatestPass(const Request& request, const std::string& type, const std::string& serial) {
  Result<std::optional<StoredPass>> pass = Authorized(request, type, serial);
  if (!pass.ok()) return ErrorResponse(500, pass.status().ToString());
  if (!*pass) return Unauthorized();
  const std::optional<std::int64_t> since = ParseHttpDate(request.Header("if-modified-since"));
  if (since && (*pass)->updated <= *since) {
    return Empty(304).Header("Last-Modified", HttpDate((*pass)->updated));
  }
  Outcome o = passes_.DownloadOf(**pass);
  if (!o.bytes) return ErrorResponse(o);
  return PassResponse(request, *o.pass, *o.bytes);
}

Response WebServiceApi::Log(const Request& request) {
  rapidjson::Document body;
  body.Parse(request.body.data(), request.body.size());
  if (body.HasParseError() || !body.IsObject() || !body.HasMember("logs") || !body["logs"].IsArray()) {
    return ErrorResponse(400, "the body must be {\"logs\": [\"...\"]}");
  }
  size_t kept = 0;
  for (const auto& entry : body["logs"].GetArray()) {
    if (!entry.IsString() || kept == kMaxLogEntries) continue;
    ++kept;
    if (!log_) continue;
    const std::string text = ToValidUtf8(
        std::string_view(entry.GetString(), std::min<size_t>(entry.GetStringLength(), kMaxLogEntryBytes)));
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartObject();
    w.Key("time");
    w.Int64(Now());
    w.Key("peer");
    w.String(request.peer);
    w.Key("wallet-log");
    w.String(text);
    w.EndObject();
    log_(std::string(out.GetString(), out.GetSize()));
  }
  return Empty(200);
}

}  // namespace pkpass::serve
