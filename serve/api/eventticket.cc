#include "api/eventticket.h"

#include "api/flows.h"
#include "api/responses.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

// The string member `key` of `doc`, or "".
std::string Member(const rapidjson::Value& doc, const char* key) {
  if (!doc.IsObject()) return "";
  auto it = doc.FindMember(key);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

Response Failure(int status, const char* code, std::string_view message, const std::string& pass_id,
                 const Diagnostics& diags = {}) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("status");
  w.String("Failure");
  w.Key("error-code");
  w.String(code);
  w.Key("error-message");
  const std::string text = ToValidUtf8(message);
  w.String(text);
  w.Key("pass-id");
  w.String(ToValidUtf8(pass_id));
  WriteDiagnostics(w, diags);
  w.EndObject();
  return JsonResponse(status, std::string(out.GetString(), out.GetSize()));
}

}  // namespace

std::optional<Route> EventTicketApi::Match(std::string_view method, const std::vector<std::string>& s) {
  if (s.size() != 2 || s[0] != "api" || s[1] != "event-ticket") return std::nullopt;
  return MakeRoute(method, "POST", kMaxJsonBody, [this](const Request& r) { return Handle(r); });
}

Response EventTicketApi::Handle(const Request& request) {
  if (!ContentTypeIs(request, "application/json")) {
    return Failure(415, "E415", "the body must be application/json", "");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
  const std::string action = Lower(Member(doc, "action"));
  const std::string pass_id = Member(doc, "pass-id");
  const std::string template_id = Member(doc, "pass-template-id");
  Outcome o;
  if (action == "generatepass") {
    o = CreateFromPayload(passes_, PayloadFormat::kEventTicket, "eventticket", template_id, request.body);
    if (!o.pass) return Failure(o.status, "E830", o.message + ". The pass was not generated.", pass_id, o.diags);
  } else if (action == "updatepassdata") {
    o = UpdateFromBody(passes_, PayloadFormat::kEventTicket, {"eventticket", template_id, "", pass_id},
                       request.body);
    if (!o.pass) return Failure(o.status, "E809", o.message + ". The pass was not updated.", pass_id, o.diags);
  } else if (action == "getpassdata") {
    o = passes_.Find({"eventticket", template_id, "", pass_id});
    if (!o.pass) return Failure(o.status, "E810", o.message, pass_id);
  } else {
    return Failure(400, "E800", "no action \"" + action + "\": generatepass, updatepassdata or getpassdata", pass_id);
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("status");
  w.String("Success");
  w.Key("pass-id");
  w.String(o.pass->serial);
  w.Key("pass-template-id");
  w.String(o.pass->model);
  w.Key("pass-install-url");
  w.String(public_url_ + "/d/" + o.pass->id);
  w.Key("tracking-id");
  w.String(o.pass->id);
  w.EndObject();
  return JsonResponse(o.status == 201 ? 200 : o.status, std::string(out.GetString(), out.GetSize()));
}

}  // namespace pkpass::serve
