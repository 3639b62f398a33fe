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
    route = MakeRoute(method, "GET", 0, [this, id](const Request&) { return Page(id); });
  } else if (s[2] == "pass.pkpass") {
    route = MakeRoute(method, "GET", 0, [this, id](const Request& r) {
      Outcome o = passes_.Download({"", "", id, ""});
      if (!o.bytes) return ErrorResponse(o.status == 404 ? 404 : o.status, o.status == 404 ? "no such pass" : o.message);
      return PassResponse(r, *o.pass, *o.bytes);
    });
  } else {
    return std::nullopt;
  }
  route->open = true;
  return route;
}

Response DownloadApi::Page(const std::string& id) {
  Outcome o = passes_.Resolve({"", "", id, ""});
  if (!o.pass) {
    Response r;
    r.status = o.status;
    r.Header("Content-Type", "text/html; charset=utf-8");
    r.body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No such pass</title></head>"
             "<body><h1>No such pass</h1></body></html>";
    return r;
  }
  rapidjson::Document pass;
  pass.Parse<rapidjson::kParseIterativeFlag>(o.message.data(), o.message.size());
  const std::string organization = Member(pass, "organizationName");
  const std::string description = Member(pass, "description");
  const std::string page_url = public_url_ + "/d/" + o.pass->id;
  const std::string title = HtmlEscape(organization.empty() ? description : organization);
  Response r;
  r.Header("Content-Type", "text/html; charset=utf-8");
  r.Header("Cache-Control", "no-cache");
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  r.Header("X-Content-Type-Options", "nosniff");
  r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
           title +
           "</title><style>body{font-family:system-ui,sans-serif;margin:0;display:flex;justify-content:center}"
           "main{max-width:28rem;padding:2rem;text-align:center}"
           "#add{display:inline-block;background:#000;color:#fff;padding:.8rem 1.4rem;border-radius:.6rem;"
           "text-decoration:none;font-weight:600}figure{margin:2rem 0 0}</style></head><body><main>"
           "<h1 id=\"name\">" +
           title + "</h1><p id=\"description\">" + HtmlEscape(description) +
           "</p><a id=\"add\" href=\"/d/" + o.pass->id +
           "/pass.pkpass\" type=\"application/vnd.apple.pkpass\">Add to Apple Wallet</a>"
           "<figure id=\"qr\" data-url=\"" +
           HtmlEscape(page_url) + "\">" + QrSvg(page_url) +
           "<figcaption>On a computer? Scan this with your iPhone.</figcaption></figure></main></body></html>\n";
  return r;
}

}  // namespace pkpass::serve
