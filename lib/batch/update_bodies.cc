#include "batch/update_bodies.h"

#include <algorithm>
#include <charconv>

#include "internals.h"
#include "model/model_impl.h"
#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/pass_fields.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

using rapidjson::Value;

// A scalar as text: a string as it is, a number as JSON writes it; nullopt for anything else.
std::optional<std::string> ScalarText(const Value& v) {
  if (v.IsString()) return std::string(StringOf(v));
  if (v.IsNumber()) return WriteJson(v);
  return std::nullopt;
}

// The number `text` is, whatever the locale; nullopt when it is none.
std::optional<double> NumberOf(std::string_view text) {
  double d = 0;
  const std::from_chars_result read = std::from_chars(text.data(), text.data() + text.size(), d);
  if (read.ec != std::errc() || read.ptr != text.data() + text.size()) return std::nullopt;
  return d;
}

// Pass2U's PUT body: native overrides, whose pass is named by "serialNumber" or by "passId" (the
// id Pass2U's API returns, which is the serial number here).
UpdateBody ReadNative(std::string_view text, std::string_view file) {
  UpdateBody body;
  rapidjson::Document doc;
  if (!ParseOverrides(text, doc, body.problems, file)) return body;
  const Value* serial = Member(doc, "serialNumber");
  if (const Value* id = Member(doc, "passId")) {
    if (!id->IsString()) {
      body.problems.Error(codes::kPatchInvalid, std::string(file), "/passId", "passId is the pass's serial number, a string");
      return body;
    }
    if (serial != nullptr && (!serial->IsString() || StringOf(*serial) != StringOf(*id))) {
      body.problems.Error(codes::kPatchInvalid, std::string(file), "/passId",
                          "passId and serialNumber name two passes: a patch updates one pass and keeps its serial");
      return body;
    }
    Value copy(*id, doc.GetAllocator());
    doc.RemoveMember("passId");
    if (serial == nullptr) doc.AddMember("serialNumber", copy, doc.GetAllocator());
  }
  serial = Member(doc, "serialNumber");
  if (serial != nullptr && serial->IsString()) body.serial = std::string(StringOf(*serial));
  body.patch = WriteJson(doc);
  return body;
}

}  // namespace

UpdateBody ReadUpdateBody(PayloadFormat from, std::string_view text, const Model* model, std::string_view file) {
  if (from == PayloadFormat::kPass2u) return ReadNative(text, file);
  UpdateBody body;
  Diagnostics found;
  Result<ImportedPayload> imported = ImportPayload(from, text, model, found);
  for (Diagnostic d : found) {
    if (d.file == kOverridesFile) d.file = std::string(file);
    body.problems.Add(std::move(d));
  }
  if (!imported.ok()) return body;
  rapidjson::Document doc;
  Diagnostics ignored;
  if (ParseOverrides(imported->overrides(), doc, ignored)) {
    if (const Value* serial = Member(doc, "serialNumber"); serial != nullptr && serial->IsString()) {
      body.serial = std::string(StringOf(*serial));
    }
  }
  body.patch = imported->overrides();
  return body;
}

const UpdateFilter::Names* UpdateFilter::ReadModel(const Model& model) {
  const Model::Impl& impl = Internals::Get(model);
  ForEachField(impl.pass_json, [&](const Value& field, const JsonPointer&) {
    const Value* value = Member(field, "value");
    const std::optional<std::string> text = value != nullptr ? ScalarText(*value) : std::nullopt;
    if (text && !FieldKey(field).empty()) model_values_.emplace(std::string(FieldKey(field)), *text);
    return true;
  });
  const auto it = impl.config.payload_fields.find("passcreator");
  return it != impl.config.payload_fields.end() ? &it->second : nullptr;
}

Result<UpdateFilter::Condition> UpdateFilter::ReadCondition(const Value& c, const Names* names) {
  const Value* field = c.IsObject() ? Member(c, "field") : nullptr;
  const Value* op = c.IsObject() ? Member(c, "operator") : nullptr;
  const Value* values = c.IsObject() ? Member(c, "value") : nullptr;
  if (field == nullptr || !field->IsString() || op == nullptr || !op->IsString() || values == nullptr) {
    return Status::InvalidArgument("a condition of filter.query is {\"field\", \"operator\", \"value\"}");
  }
  Condition cond;
  const std::string_view f = StringOf(*field);
  if (f != "userProvidedId" && f != "serialNumber") {
    const auto mapped = names != nullptr ? names->find(f) : Names::const_iterator();
    cond.field = names != nullptr && mapped != names->end() ? mapped->second : std::string(f);
  }
  static constexpr std::pair<std::string_view, Condition::Op> kOps[] = {
      {"equals", Condition::Op::kEquals}, {"contains", Condition::Op::kContains},
      {"greaterThan", Condition::Op::kGreater}, {"lessThan", Condition::Op::kLess}};
  const std::string_view o = StringOf(*op);
  const auto named = std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& k) { return k.first == o; });
  if (named == std::end(kOps)) {
    return Status::InvalidArgument("filter.query's operator \"" + std::string(o) +
                                   "\" is not one pkpass evaluates: equals, contains, greaterThan or lessThan");
  }
  cond.op = named->second;
  if (values->IsArray()) {
    for (const Value& v : values->GetArray()) {
      std::optional<std::string> text = ScalarText(v);
      if (!text) return Status::InvalidArgument("a condition's values are strings or numbers");
      cond.texts.push_back(std::move(*text));
    }
  } else if (std::optional<std::string> text = ScalarText(*values)) {
    cond.texts.push_back(std::move(*text));
  } else {
    return Status::InvalidArgument("a condition's value is a string, a number or an array of them");
  }
  for (const std::string& t : cond.texts) {
    if ((cond.op == Condition::Op::kGreater || cond.op == Condition::Op::kLess) && !NumberOf(t)) {
      return Status::InvalidArgument("greaterThan and lessThan compare numbers, not \"" + t + "\"");
    }
  }
  return cond;
}

Status UpdateFilter::ReadQuery(const Value& query, const Names* names) {
  if (!query.IsObject()) return Status::InvalidArgument("filter.query is an object with \"groups\"");
  for (const auto& q : query.GetObject()) {
    const std::string_view q_name = StringOf(q.name);
    if (q_name == "templateId") continue;  // the template is the model
    if (q_name != "groups") {
      return Status::InvalidArgument("filter.query." + std::string(q_name) +
                                     " is not part of Passcreator's query (templateId and groups are)");
    }
    if (!q.value.IsArray()) return Status::InvalidArgument("filter.query.groups is an array of groups of conditions");
    groups_.emplace();
    for (const Value& group : q.value.GetArray()) {
      if (!group.IsArray()) return Status::InvalidArgument("a group of filter.query.groups is an array of conditions");
      std::vector<Condition>& conditions = groups_->emplace_back();
      for (const Value& c : group.GetArray()) {
        PKPASS_ASSIGN_OR_RETURN(Condition condition, ReadCondition(c, names));
        conditions.push_back(std::move(condition));
      }
    }
  }
  return Status::Ok();
}

Result<UpdateFilter> UpdateFilter::Passcreator(const Value& filter, const Model* model) {
  if (!filter.IsObject()) return Status::InvalidArgument("filter is an object: identifiers or a query");
  UpdateFilter out;
  const Names* names = model != nullptr ? out.ReadModel(*model) : nullptr;
  for (const auto& m : filter.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (name == "identifiers") {
      if (!m.value.IsArray()) return Status::InvalidArgument("filter.identifiers is an array of the passes' ids");
      out.identifiers_.emplace();
      for (const Value& id : m.value.GetArray()) {
        if (!id.IsString()) return Status::InvalidArgument("filter.identifiers holds the passes' ids, strings");
        out.identifiers_->emplace(StringOf(id));
      }
    } else if (name == "segmentId") {
      return Status::InvalidArgument("filter.segmentId names a segment kept on Passcreator's servers, which cannot be "
                                     "evaluated offline: give filter.identifiers or a filter.query over the stored passes");
    } else if (name == "query") {
      PKPASS_RETURN_IF_ERROR(out.ReadQuery(m.value, names));
    } else {
      return Status::InvalidArgument("filter." + std::string(name) + " is not part of Passcreator's filter "
                                     "(identifiers, segmentId and query are)");
    }
  }
  return out;
}

bool UpdateFilter::Matches(const Value& stored) const {
  const Value* serial_value = Member(stored, "serialNumber");
  const std::string_view serial =
      serial_value != nullptr && serial_value->IsString() ? StringOf(*serial_value) : std::string_view();
  if (identifiers_ && identifiers_->find(serial) == identifiers_->end()) return false;
  if (!groups_) return true;
  // The value of a field: the stored overrides' entry, else the model's.
  auto value_of = [&](const std::string& key) -> std::optional<std::string> {
    if (key.empty()) return std::string(serial);
    if (const Value* fields = Member(stored, "fields"); fields != nullptr && fields->IsArray()) {
      for (const Value& entry : fields->GetArray()) {
        if (!entry.IsObject() || FieldKey(entry) != key) continue;
        if (const Value* v = Member(entry, "value"); v != nullptr && !v->IsNull()) return ScalarText(*v);
      }
    }
    auto it = model_values_.find(key);
    if (it == model_values_.end()) return std::nullopt;
    return it->second;
  };
  for (const std::vector<Condition>& group : *groups_) {
    bool all = true;
    for (const Condition& c : group) {
      const std::optional<std::string> value = value_of(c.field);
      bool any = false;
      for (const std::string& t : c.texts) {
        if (!value) break;
        const std::optional<double> a = NumberOf(*value), b = NumberOf(t);
        switch (c.op) {
          case Condition::Op::kEquals: any = a && b ? *a == *b : *value == t; break;
          case Condition::Op::kContains: any = value->find(t) != std::string::npos; break;
          case Condition::Op::kGreater: any = a && b && *a > *b; break;
          case Condition::Op::kLess: any = a && b && *a < *b; break;
        }
        if (any) break;
      }
      if (!any) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

Result<ImportedUpdate> ImportUpdate(PayloadFormat format, std::string_view body, const Model* model,
                                    std::string_view file, Diagnostics& diags) {
  UpdateBody read = ReadUpdateBody(format, body, model, file);
  const bool parsed = !read.patch.empty();
  diags.Append(read.problems);
  if (!parsed) return Status::InvalidPass("the update is not a JSON object");
  return ImportedUpdate{std::move(read.serial), std::move(read.patch)};
}

}  // namespace pkpass
