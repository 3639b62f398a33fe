// Airship Wallet (shared/seeds/003): {"headers": {name: {value, label, changeMessage}},
// "fields": {name: {value, label, changeMessage, fieldType, hideEmpty, order, ...}}, "beacons",
// "locations", "semantics", "externalId", "publicUrl"}. A field's name is its key in the model
// (through model.json's "payloadFields"); a field named "<type>_image" is an image by URL.
#include <algorithm>
#include <climits>

#include "import/importers.h"
#include "import/places.h"
#include "pkpass/diagnostic_codes.h"
#include "util/w3c_date.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

// Returns the image type of a header or field named "<type>_image", or "".
std::string_view ImageType(std::string_view name) { return UrlImageType(name, "_image"); }

// Airship writes dates as "2024-08-20T9:41-08:00": the hour may have one digit. Returns the date
// with two.
std::string NormalizeDate(std::string_view text) {
  if (text.size() > 13 && text[10] == 'T' && text[12] == ':') {
    return std::string(text.substr(0, 11)) + "0" + std::string(text.substr(11));
  }
  return std::string(text);
}

// fieldType -> the field group a new field goes in; "" when it names none.
std::string_view FieldGroup(std::string_view type) {
  std::string lower(type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "header") return "headerFields";
  if (lower == "primary") return "primaryFields";
  if (lower == "secondary") return "secondaryFields";
  if (lower == "auxiliary") return "auxiliaryFields";
  if (lower == "back") return "backFields";
  return "";
}

// Returns whether `v` is a string that reads as a number ("12", "1.5").
bool IsNumeric(const Value& v) {
  if (!v.IsString() || v.GetStringLength() == 0) return false;
  const std::string_view s = StringOf(v);
  return s.find_first_not_of("0123456789.-") == std::string_view::npos;
}

// Airship's {"Seat": {"value": "26E"}} on a field the model styles as a number (not as an
// amount of money): the text is shown as it is, and the number style goes.
bool DropsNumberStyle(const Value& value, const Value* model_field, const Value& spec) {
  return value.IsString() && !IsNumeric(value) && model_field != nullptr &&
         Member(*model_field, "numberStyle") != nullptr && Member(*model_field, "currencyCode") == nullptr &&
         Member(spec, "numberStyle") == nullptr;
}

void ImportDate(std::string_view key, const Value& header, const JsonPointer& at, NativeBuilder& out) {
  const Value* value = Member(header, "value");
  if (value == nullptr) return;
  const JsonPointer value_at = at.Child("value");
  if (value->IsNull()) {
    out.Set(key, Value(), value_at);
    return;
  }
  std::optional<std::string_view> text = out.Text(*value, value_at, key);
  if (!text) return;
  const std::string date = NormalizeDate(*text);
  if (CheckW3cDate(date) == DateCheck::kInvalid) {
    out.Error(codes::kImportValueInvalid, value_at, std::string(key) + " must be a date such as 2014-08-20T09:41-08:00");
    return;
  }
  out.Set(key, out.String(date), value_at);
}

void ImportHeaders(const Value& headers, const JsonPointer& at, NativeBuilder& out) {
  if (!headers.IsObject()) {
    out.Error(codes::kImportValueInvalid, at, "headers is an object of headers by name");
    return;
  }
  for (const auto& m : headers.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer h_at = at.Child(name);
    if (!m.value.IsObject()) {
      out.Error(codes::kImportValueInvalid, h_at, "a header is an object: {\"value\": ...}");
      continue;
    }
    const Value* value = Member(m.value, "value");
    const JsonPointer value_at = h_at.Child("value");
    if (name == "expirationDate") {
      ImportDate("expirationDate", m.value, h_at, out);
      // Airship voids a pass by labelling its expiration "voided".
      if (const Value* label = Member(m.value, "label"); label != nullptr && label->IsString()) {
        if (StringOf(*label) == "voided") out.Set("voided", Value(true), h_at.Child("label"));
      }
    } else if (name == "relevantDate") {
      ImportDate("relevantDate", m.value, h_at, out);
    } else if (value == nullptr) {
      continue;  // only a label or changeMessage: Airship's display of the header
    } else if (name == "barcode_value" || name == "barcodeAltText") {
      if (std::optional<std::string_view> t = out.Text(*value, value_at, name)) {
        out.SetIn("barcode", name == "barcode_value" ? "message" : "altText", out.String(*t), value_at);
      }
    } else if (name == "logo_text") {
      if (std::optional<std::string_view> t = out.Text(*value, value_at, name)) out.Set("logoText", out.String(*t), value_at);
    } else if (name == "foreground_color" || name == "background_color" || name == "label_color") {
      const std::string_view key = name == "foreground_color"   ? "foregroundColor"
                                   : name == "background_color" ? "backgroundColor"
                                                                : "labelColor";
      if (std::optional<std::string_view> t = out.Text(*value, value_at, name)) out.Set(key, out.String(*t), value_at);
    } else if (name == "suppress_strip_shine") {
      if (std::optional<bool> b = out.Bool(*value, value_at, name)) out.Set("suppressStripShine", Value(*b), value_at);
    } else if (!ImageType(name).empty()) {
      if (std::optional<std::string_view> url = out.Text(*value, value_at, name)) out.Image(ImageType(name), *url, value_at);
    } else if (name == "barcode_type" || name == "barcode_encoding" || name == "barcode_label" ||
               name == "logo_color") {
      out.Ignored(h_at, std::string(name) + " is the template's; the model's pass.json decides it");
    } else {
      out.Unknown(h_at, "Airship pass's headers");
    }
  }
}

// A field that is an image (named *_image, or of fieldType "image"): its value is the image's
// URL. Returns false for any other field.
bool ImportImageField(std::string_view name, const Value& spec, const JsonPointer& at, NativeBuilder& out) {
  const Value* field_type = Member(spec, "fieldType");
  if (ImageType(name).empty() &&
      (field_type == nullptr || !field_type->IsString() || StringOf(*field_type) != "image")) {
    return false;
  }
  const std::string_view type = ImageType(name);
  const Value* value = Member(spec, "value");
  if (type.empty()) {
    out.Error(codes::kImportValueInvalid, at, "an image field is named icon_image, logo_image, "
                                              "strip_image, thumbnail_image, background_image or footer_image");
  } else if (value != nullptr) {
    if (std::optional<std::string_view> url = out.Text(*value, at.Child("value"), name)) {
      out.Image(type, *url, at.Child("value"));
    }
  }
  return true;
}

void ImportField(std::string_view name, const Value& spec, const JsonPointer& at, NativeBuilder& out) {
  if (!spec.IsObject()) {
    out.Error(codes::kImportValueInvalid, at, "a field is an object: {\"value\": ..., \"label\": ...}");
    return;
  }
  if (ImportImageField(name, spec, at, out)) return;
  const Value* value = Member(spec, "value");
  std::optional<size_t> field = out.Field(name, at);
  if (!field) return;
  std::string model_group;
  const Value* model_field = out.ModelField(out.MappedKey(name), &model_group);
  for (const auto& m : spec.GetObject()) {
    const std::string_view attr = StringOf(m.name);
    const JsonPointer a_at = at.Child(attr);
    if (attr == "value" && !DropsNumberStyle(*value, model_field, spec)) {
      out.FieldValue(*field, m.value, a_at);  // "7" on a numeric field is 7
    } else if (attr == "value" || attr == "label" || attr == "changeMessage" || attr == "numberStyle") {
      out.FieldSet(*field, attr, out.Copy(m.value), a_at);
    } else if (attr == "textAlignment") {
      std::optional<std::string_view> t = out.Text(m.value, a_at, attr);
      if (t && t->starts_with("textAlignment")) {
        out.FieldSet(*field, attr, out.String("PKTextAlignment" + std::string(t->substr(13))), a_at);
      } else if (t) {
        out.FieldSet(*field, attr, out.String(*t), a_at);
      }
    } else if (attr == "hideEmpty") {
      if (std::optional<bool> b = out.Bool(m.value, a_at, attr)) out.FieldSet(*field, attr, Value(*b), a_at);
    } else if (attr == "fieldType") {
      std::optional<std::string_view> t = out.Text(m.value, a_at, attr);
      const std::string_view group = t ? FieldGroup(*t) : "";
      if (t && group.empty()) {
        out.Error(codes::kImportValueInvalid, a_at,
                  "a field's fieldType is HEADER, PRIMARY, SECONDARY, AUXILIARY or BACK");
      } else if (t && model_field == nullptr) {
        out.FieldSet(*field, "area", out.String(group), a_at);  // a field the model lacks: added
      } else if (t && model_group != group) {
        out.Ignored(a_at, "the model has this field in " + model_group + ", where it stays");
      }
    } else if (attr == "order" || attr == "formatType" || attr == "required") {
      // Airship's editor: order sorts the fields added (ImportFields), the rest is its display.
    } else {
      out.Unknown(a_at, "Airship field");
    }
  }
  if (value != nullptr && DropsNumberStyle(*value, model_field, spec)) {
    Value remove(rapidjson::kArrayType);
    remove.PushBack("numberStyle", out.alloc());
    out.FieldSet(*field, "removeAttributes", std::move(remove), at.Child("value"));
  }
}

void ImportFields(const Value& fields, const JsonPointer& at, NativeBuilder& out) {
  if (!fields.IsObject()) {
    out.Error(codes::kImportValueInvalid, at, "fields is an object of fields by name");
    return;
  }
  // Fields in their "order" where given (a new field goes in its area in that order), else as written.
  std::vector<const rapidjson::Value::Member*> members;
  for (const auto& m : fields.GetObject()) members.push_back(&m);
  auto order = [](const rapidjson::Value::Member* m) {
    const Value* o = m->value.IsObject() ? Member(m->value, "order") : nullptr;
    return o != nullptr && o->IsInt() ? o->GetInt() : INT_MAX;
  };
  std::stable_sort(members.begin(), members.end(),
                   [&](const auto* a, const auto* b) { return order(a) < order(b); });
  for (const auto* m : members) ImportField(StringOf(m->name), m->value, at.Child(StringOf(m->name)), out);
}

using Kind = PlaceKey::Kind;
constexpr PlaceKey kBeaconKeys[] = {
    {"uuid", "proximityUUID", Kind::kText},
    {"major", "major", Kind::kInteger},
    {"minor", "minor", Kind::kInteger},
    {"relevantText", "relevantText", Kind::kText},
};

}  // namespace

void ImportAirship(const Value& payload, NativeBuilder& out) {
  const JsonPointer root;
  for (const auto& m : payload.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer at = root.Child(name);
    if (name == "headers") {
      ImportHeaders(m.value, at, out);
    } else if (name == "fields") {
      ImportFields(m.value, at, out);
    } else if (name == "locations") {
      // Airship's address book for a location stays out: a pass has coordinates only.
      ImportPlaces(name, m.value, at, kCamelCaseLocationKeys, "Airship location", out,
                   [](const Value&, std::string_view key, const Value&, const JsonPointer&) {
                     return key == "streetAddress1" || key == "streetAddress2" || key == "city" ||
                            key == "region" || key == "regionCode" || key == "country" || key == "id";
                   });
    } else if (name == "beacons") {
      ImportPlaces(name, m.value, at, kBeaconKeys, "Airship beacon", out);
    } else if (name == "semantics") {
      out.Set("semantics", out.Copy(m.value), at, true);
    } else if (name == "externalId") {
      if (std::optional<std::string_view> id = out.Text(m.value, at, name)) out.Set("serialNumber", out.String(*id), at);
    } else if (name == "publicUrl" || name == "publicURL" || name == "universalLinks" || name == "tags") {
      out.Ignored(at, std::string(name) + " is how Airship hands out and tracks the pass");
    } else {
      out.Unknown(at, "Airship pass request");
    }
  }
}

}  // namespace pkpass
