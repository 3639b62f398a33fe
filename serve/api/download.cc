#include "api/download.h"

#include <qrencode.h>

#include "api/responses.h"
#include "rapidjson/document.h"

namespace pkpass::serve {
namespace {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Member(const rapidjson::Value& doc, const char* key) {
  if (!doc.IsObject()) return "";
  auto it = doc.FindMember(key);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Response HtmlPage(int status, std::string_view title, const std::string& main) {
  Response r;
  r.status = status;
  r.Header("Content-Type", "text/html; charset=utf-8");
  r.Header("Cache-Control", "no-cache");
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'");
  r.Header("X-Content-Type-Options", "nosniff");
  r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
           HtmlEscape(title) +
           "</title><style>body{font-family:system-ui,sans-serif;margin:0;display:flex;justify-content:center}"
           "main{max-width:28rem;padding:2rem;text-align:center}"
           "#add{display:inline-block;background:#000;color:#fff;padding:.8rem 1.4rem;border-radius:.6rem;"
           "text-decoration:none;font-weight:600}figure{margin:2rem 0 0}</style></head><body><main>" +
           main + "</main></body></html>\n";
  return r;
}

enum class Access { kOpen, kClosed, kPasscode };

// Pass2U's download-page settings in the stored overrides: "status" 2 closes the page, and a
// "passcode" must come with the request (compared in constant time).
Access AccessTo(const StoredPass& pass, const Request& request) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(pass.overrides.data(), pass.overrides.size());
  if (!doc.IsObject()) return Access::kOpen;
  auto status = doc.FindMember("status");
  if (status != doc.MemberEnd() && status->value.IsInt() && status->value.GetInt() == 2) return Access::kClosed;
  const std::string passcode = Member(doc, "passcode");
  if (passcode.empty()) return Access::kOpen;
  const std::string given = request.Query("passcode");
  return SameSecret(given, passcode) ? Access::kOpen : Access::kPasscode;
}

}  // namespace

std::string QrSvg(const std::string& text) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return "";
  const int n = code->width;
  const int size = n + 8;
  std::string path;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (code->data[y * n + x] & 1) path += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
    }
  }
  QRcode_free(code);
  const std::string box = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + box + " " + box +
         "\" width=\"" + std::to_string(size * 6) + "\" height=\"" + std::to_string(size * 6) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + box + "\" height=\"" + box +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

std::optional<Route> DownloadApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.empty() || s[0] != "d" || s.size() < 2 || s.size() > 3) return std::nullopt;
  const std::string id = s[1];
  std::optional<Route> route;
  if (s.size() == 2) {
    route = MakeRoute(method, "GET", 0, [this, id](const Request& r) { return Page(r, id); });
  } else if (s[2] == "pass.pkpass") {
    route = MakeRoute(method, "GET", 0, [this, id](const Request& r) { return File(r, id); });
  } else {
    return std::nullopt;
  }
  route->open = true;
  return route;
}

Response DownloadApi::File(const Request& request, const std::string& id) {
  Outcome o = passes_.Download({"", "", id, ""});
  if (!o.bytes) return ErrorResponse(o.status, o.status == 404 ? "no such pass" : o.message);
  switch (AccessTo(*o.pass, request)) {
    case Access::kOpen: return PassResponse(request, *o.pass, *o.bytes);
    case Access::kClosed: return ErrorResponse(403, "this pass is not available");
    case Access::kPasscode: return ErrorResponse(403, "this pass needs its passcode");
  }
  return ErrorResponse(500, "unreachable");
}

Response DownloadApi::Page(const Request& request, const std::string& id) {
  Outcome o = passes_.Resolve({"", "", id, ""});
  if (!o.pass) return HtmlPage(o.status, "No such pass", "<h1>No such pass</h1>");
  const Access access = AccessTo(*o.pass, request);
  if (access == Access::kClosed) {
    return HtmlPage(403, "Not available", "<h1>This pass is not available</h1>");
  }
  if (access == Access::kPasscode) {
    const bool tried = !request.Query("passcode").empty();
    return HtmlPage(tried ? 403 : 200, "Passcode",
                    std::string("<h1>This pass has a passcode</h1>") +
                        (tried ? "<p id=\"wrong\">That is not its passcode.</p>" : "") +
                        "<form method=\"get\"><input name=\"passcode\" type=\"password\" "
                        "autocomplete=\"off\" aria-label=\"Passcode\"><button>Open</button></form>");
  }
  const std::string passcode = request.Query("passcode");
  rapidjson::Document pass;
  pass.Parse<rapidjson::kParseIterativeFlag>(o.message.data(), o.message.size());
  const std::string organization = Member(pass, "organizationName");
  const std::string description = Member(pass, "description");
  const std::string page_url = public_url_ + "/d/" + o.pass->id;
  const std::string title = HtmlEscape(organization.empty() ? description : organization);
  return HtmlPage(200, organization.empty() ? description : organization,
                  "<h1 id=\"name\">" + title + "</h1><p id=\"description\">" + HtmlEscape(description) +
                      "</p><a id=\"add\" href=\"/d/" + o.pass->id + "/pass.pkpass" +
                      (passcode.empty() ? "" : "?passcode=" + HtmlEscape(PercentEncode(passcode))) +
                      "\" type=\"application/vnd.apple.pkpass\">Add to Apple Wallet</a><figure id=\"qr\" data-url=\"" +
                      HtmlEscape(page_url) + "\">" + QrSvg(page_url) +
                      "<figcaption>On a computer? Scan this with your iPhone.</figcaption></figure>");
}

}  // namespace pkpass::serve
