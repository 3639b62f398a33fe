#include "api/responses.h"

#include <openssl/crypto.h>

#include <ctime>
#include <span>

#include "rapidjson/document.h"

namespace pkpass::serve {
namespace {

std::string FormatTime(std::int64_t seconds, const char* format) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  const size_t n = std::strftime(text, sizeof text, format, &tm);
  return std::string(text, n);
}

}  // namespace

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

Response ErrorResponse(int status, std::string_view message, const Diagnostics& diags) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("message");
  const std::string text = ToValidUtf8(message);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  WriteDiagnostics(w, diags);
  w.EndObject();
  return JsonResponse(status, std::string(out.GetString(), out.GetSize()));
}

void WriteDiagnostics(JsonWriter& w, const Diagnostics& diags) {
  if (diags.empty()) return;
  w.Key("diagnostics");
  const std::string json = FormatJson(FirstDiagnostics(diags, 100, 64 * 1024));
  w.RawValue(json.data(), json.size(), rapidjson::kArrayType);
}

rapidjson::Document OverridesOf(const StoredPass& pass) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(pass.overrides.data(), pass.overrides.size());
  if (!doc.IsObject()) doc.SetObject();
  return doc;
}

std::string MessageOf(const rapidjson::Value& doc, bool nfc) {
  if (!doc.IsObject()) return "";
  static constexpr const char* kBarcodeKeys[] = {"barcode", "barcodes"};
  static constexpr const char* kNfcKeys[] = {"nfc"};
  const std::span<const char* const> keys = nfc ? std::span<const char* const>(kNfcKeys)
                                                : std::span<const char* const>(kBarcodeKeys);
  for (const char* key : keys) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) continue;
    const rapidjson::Value* holder = &it->value;
    if (holder->IsArray()) holder = holder->Empty() ? nullptr : &(*holder)[0];
    if (holder && holder->IsObject() && holder->HasMember("message") && (*holder)["message"].IsString()) {
      return (*holder)["message"].GetString();
    }
  }
  return "";
}

Response ErrorResponse(const Outcome& outcome) { return ErrorResponse(outcome.status, outcome.message, outcome.diags); }

Response JsonResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.Header("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

std::string IsoTime(std::int64_t seconds, bool utc_z) {
  return FormatTime(seconds, utc_z ? "%Y-%m-%dT%H:%M:%S.000Z" : "%Y-%m-%dT%H:%M:%S+00:00");
}
std::string HttpDate(std::int64_t seconds) { return FormatTime(seconds, "%a, %d %b %Y %H:%M:%S GMT"); }

bool Accepts(const Request& request, std::string_view type) {
  const std::string accept = Lower(request.Header("accept"));
  if (accept.empty() || accept.find("*/*") != std::string::npos) return true;
  if (accept.find(Lower(type)) != std::string::npos) return true;
  const std::string family = Lower(type.substr(0, type.find('/'))) + "/*";
  return accept.find(family) != std::string::npos;
}

bool ContentTypeIs(const Request& request, std::string_view type) {
  std::string value = Lower(request.Header("content-type"));
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value == Lower(type);
}

bool SameSecret(std::string_view given, std::string_view expected) {
  return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::optional<std::int64_t> ParseHttpDate(std::string_view text) {
  if (text.size() != 29 || !text.ends_with(" GMT")) return std::nullopt;
  const std::string copy(text);
  std::tm tm{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

Response PassResponse(const Request& request, const StoredPass& pass, const std::string& bytes) {
  const std::string etag = "\"" + std::to_string(pass.tag) + "\"";
  Response r;
  if (request.Header("if-none-match") == etag) {
    r.status = 304;
  } else {
    r.Header("Content-Type", "application/vnd.apple.pkpass");
    r.Header("Content-Disposition", "attachment; filename=pass.pkpass");
    r.body = bytes;
  }
  r.Header("ETag", etag);
  r.Header("Last-Modified", HttpDate(pass.updated));
  r.Header("Cache-Control", "no-cache");
  return r;
}

}  // namespace pkpass::serve
