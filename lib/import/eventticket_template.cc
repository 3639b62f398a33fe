// The event-ticket API's pass templates (shared/seeds/002, CreatePassTemplate and
// UpdatePassTemplate) as models: pkpass/import.h, ImportTemplate.
#include <rapidjson/prettywriter.h>

#include <cctype>
#include <cstdio>

#include "import/importers.h"
#include "import/native_builder.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "schema/pass_fields.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

// A field of the template: where it goes on the pass, its label (from `label_key`, else the API's
// default) and whether each generatepass may give its value (a dynamic field the model always
// has, empty until a pass fills it).
struct TemplateField {
  std::string_view key;
  std::string_view group;
  std::string_view label_key;
  std::string_view label;
  bool per_pass;
};

constexpr TemplateField kFields[] = {
    {"venue-name", "primaryFields", "", "VENUE", false},
    {"event-start-time", "secondaryFields", "", "STARTS", false},
    {"ticket-holder", "secondaryFields", "", "TICKET HOLDER", true},
    {"event-custom-value-1", "auxiliaryFields", "event-custom-value-1-label", "GATE", true},
    {"event-custom-value-2", "auxiliaryFields", "event-custom-value-2-label", "SECTION", true},
    {"event-custom-value-3", "auxiliaryFields", "event-custom-value-3-label", "ROW", true},
    {"event-custom-value-4", "auxiliaryFields", "event-custom-value-4-label", "SEAT", true},
    {"doors-open-time", "auxiliaryFields", "doors-open-time-label", "DOORS OPEN", false},
    {"venue-address", "backFields", "", "ADDRESS", false},
    {"event-end-time", "backFields", "", "ENDS", false},
    {"ticket-type", "backFields", "", "TICKET TYPE", true},
    {"ticket-number", "backFields", "", "TICKET NUMBER", true},
    {"confirmation-number", "backFields", "confirmation-number-label", "CONFIRMATION NUMBER", true},
    {"face-value", "backFields", "", "FACE VALUE", true},
    {"terms-conditions", "backFields", "", "TERMS AND CONDITIONS", false},
    {"message1", "backFields", "message1-label", "MESSAGE", false},
    {"message2", "backFields", "message2-label", "MESSAGE", false},
    {"text-module", "backFields", "text-module-label", "INFORMATION", false},
    {"info-module", "backFields", "info-module-label", "INFORMATION", false},
    {"home-page-uri", "backFields", "home-page-uri-label", "WEBSITE", false},
    {"link1", "backFields", "link1-label", "LINK", false},
    {"link2", "backFields", "link2-label", "LINK", false},
};
constexpr std::string_view kGroups[] = {"primaryFields", "secondaryFields", "auxiliaryFields", "backFields"};
constexpr size_t kMaxTemplateImageBytes = 4u << 20;  // the API's own limit for an upload

bool IsDate(std::string_view key) { return key.ends_with("-time"); }

// "#bdb326" as pass.json writes colours, "rgb(189, 179, 38)"; "" when it is no colour.
std::string RgbOf(std::string_view text) {
  const std::string hex = HexColor(text);
  if (hex.empty()) return "";
  char out[32];
  std::snprintf(out, sizeof(out), "rgb(%d, %d, %d)", std::stoi(hex.substr(1, 2), nullptr, 16),
                std::stoi(hex.substr(3, 2), nullptr, 16), std::stoi(hex.substr(5, 2), nullptr, 16));
  return out;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

class TemplateReader {
 public:
  TemplateReader(bool creating, Diagnostics& diags)
      : creating_(creating), diags_(diags), out_(nullptr, "eventticket", found_) {
    pass_.SetObject();
    model_.SetObject();
    style_.SetObject();
  }

  void Read(const Value& body) {
    const JsonPointer root;
    for (const auto& m : body.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer at = root.Child(name);
      if (name == "action") {
        const std::optional<std::string_view> action = out_.Text(m.value, at, name);
        const std::string want = creating_ ? "createpasstemplate" : "updatepasstemplate";
        if (action && Lower(*action) != want) {
          out_.Error(codes::kImportValueInvalid, at,
                     creating_ ? "a new model is made by \"CreatePassTemplate\"; \"UpdatePassTemplate\" changes one that exists"
                               : "the model exists: it is changed by \"UpdatePassTemplate\"");
        }
      } else if (name == "pass-template-type" || name == "pass-template-subtype") {
        const std::string_view want = name == "pass-template-type" ? "event-ticket" : "event-ticket-type1";
        if (std::optional<std::string_view> t = out_.Text(m.value, at, name); t && *t != want) {
          out_.Error(codes::kImportValueInvalid, at, std::string(name) + " is \"" + std::string(want) + "\"");
        }
      } else if (name == "pass-template-name" || name == "pass-template-id") {
        // The API's name for the template: the model's is its folder.
      } else if (name == "appearance" || name == "universal-fields" || name == "apple-wallet-fields" ||
                 name == "expiration-fields" || name == "barcode-fields") {
        if (!m.value.IsObject()) {
          out_.Error(codes::kImportValueInvalid, at, std::string(name) + " is an object");
        } else if (name == "appearance") {
          Appearance(m.value, at);
        } else if (name == "universal-fields") {
          Fields(m.value, at);
        } else if (name == "apple-wallet-fields") {
          AppleWallet(m.value, at);
        } else if (name == "expiration-fields") {
          Expiration(m.value, at);
        } else {
          Barcode(m.value, at);
        }
      } else if (name == "relevant-locations") {
        ImportEventTicketPlaces(name, m.value, at, out_);
      } else if (name == "disable-pass-sharing") {
        if (std::optional<bool> b = out_.Bool(m.value, at, name)) SetFrom("sharingProhibited", Value(*b), at);
      } else if (name == "gpay-fields") {
        out_.Ignored(at, "gpay-fields are shown on Google Pay passes only");
      } else if (name == "pass-data-archive-settings") {
        out_.Ignored(at, "archiving the records of passes is the server's");
      } else if (name == "pass-update-notification") {
        out_.Ignored(at, "Wallet announces a change through the changed field's changeMessage");
      } else {
        out_.Unknown(at, "event-ticket API's pass template");
      }
    }
    // Locations and beacons, read as a pass's are.
    places_.emplace(out_.Finish());
    rapidjson::Document native;
    native.Parse(places_->overrides().data(), places_->overrides().size());
    for (const char* key : {"locations", "beacons"}) {
      if (native.IsObject() && native.HasMember(key)) Set(pass_, key, Value(native[key], alloc()));
    }
    for (Diagnostic d : found_) {
      if (d.file == kOverridesFile) d.file = "template";
      diags_.Add(std::move(d));
    }
    if (style_.MemberCount() > 0 || creating_) Set(pass_, "eventTicket", std::move(style_));
  }

  rapidjson::Document& pass() { return pass_; }
  // Moves the diagnostics of the file "pass.json" at a value the template gave to the template's
  // value: where the user wrote it.
  void PointIntoTemplate(Diagnostics& diags) const {
    Diagnostics moved;
    for (Diagnostic d : diags) {
      if (d.file == "pass.json") {
        const std::string original = d.pointer;
        if (places_) {
          Diagnostics one;
          d.file = std::string(kOverridesFile);
          one.Add(d);
          places_->PointIntoPayload(one);
          d = *one.begin();
          if (d.pointer == original) d.file = "pass.json";
        }
        if (d.file == "pass.json") {
          // The longest recorded pointer that is d.pointer or a parent of it.
          for (std::string p = d.pointer;; p = p.substr(0, p.rfind('/'))) {
            if (auto it = origins_.find(p); it != origins_.end()) {
              d.pointer = it->second;
              break;
            }
            if (p.empty()) break;
          }
        }
        if (d.pointer != original || d.file != "pass.json") d.file = "template";
      }
      moved.Add(std::move(d));
    }
    diags = std::move(moved);
  }
  // Records, once the pass.json is final, where each of its fields came from.
  void NoteFields(const Value& pass) {
    ForEachField(pass, [&](const Value& field, const JsonPointer& at) {
      if (auto it = field_origins_.find(std::string(FieldKey(field))); it != field_origins_.end()) {
        for (const auto& [attr, from] : it->second) origins_[at.Child(attr).str()] = from;
      }
      return true;
    });
  }
  rapidjson::Document& model() { return model_; }
  const std::map<std::string, std::pair<std::string, JsonPointer>>& images() const { return images_; }

 private:
  rapidjson::Document::AllocatorType& alloc() { return pass_.GetAllocator(); }

  // Sets the top-level `key` of pass.json, from the template's value at `from`.
  void SetFrom(std::string_view key, Value value, const JsonPointer& from) {
    Set(pass_, key, std::move(value));
    origins_[JsonPointer().Child(key).str()] = from.str();
  }

  static void Set(rapidjson::Document& doc, std::string_view key, Value value) {
    doc.RemoveMember(Value(rapidjson::StringRef(key.data(), key.size())));
    doc.AddMember(Value(key.data(), static_cast<rapidjson::SizeType>(key.size()), doc.GetAllocator()),
                  std::move(value), doc.GetAllocator());
  }
  Value Str(std::string_view s) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc()); }

  void Color(const Value& v, const JsonPointer& at, std::string_view name, std::string_view key) {
    std::optional<std::string_view> t = out_.Text(v, at, name);
    if (!t) return;
    const std::string rgb = RgbOf(*t);
    if (rgb.empty()) {
      out_.Error(codes::kImportValueInvalid, at, std::string(name) + " is a colour such as \"#bdb326\"");
      return;
    }
    SetFrom(key, Str(rgb), at);
  }

  void Image(const Value& v, const JsonPointer& at, std::string_view name, std::string file) {
    if (std::optional<std::string_view> url = out_.Text(v, at, name)) images_[std::move(file)] = {std::string(*url), at};
  }

  void Appearance(const Value& appearance, const JsonPointer& at) {
    for (const auto& m : appearance.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = at.Child(name);
      if (name == "logo") {
        Image(m.value, m_at, name, "logo.png");
      } else if (name == "strip-image") {
        Image(m.value, m_at, name, "strip.png");
      } else if (name == "logo-gpay") {
        out_.Ignored(m_at, "logo-gpay is shown on Google Pay passes only");
      } else if (name == "event-name") {
        if (std::optional<std::string_view> t = out_.Text(m.value, m_at, name)) {
          SetFrom("organizationName", Str(*t), m_at);
          // The API shows the event's name beside no logo only.
          if (Member(appearance, "logo") == nullptr) SetFrom("logoText", Str(*t), m_at);
        }
      } else if (name == "background-color") {
        Color(m.value, m_at, name, "backgroundColor");
      } else {
        out_.Unknown(m_at, "template's appearance");
      }
    }
  }

  // The template's fields: each one given (and, for a new model, each a pass may give) goes to
  // its group.
  void Fields(const Value& fields, const JsonPointer& at) {
    for (const auto& m : fields.GetObject()) {
      const std::string_view name = StringOf(m.name);
      bool known = false;
      for (const TemplateField& f : kFields) {
        known |= f.key == name || f.label_key == name || (f.key.starts_with("link") && std::string(f.key) + "-type" == name);
      }
      std::string zone_key;
      if (!known && name.ends_with("-timezone")) {
        for (const TemplateField& f : kFields) {
          if (IsDate(f.key) && Member(fields, f.key) != nullptr && EventTicketZoneKey(fields, f.key) == name) known = true;
        }
        if (!known) {
          out_.Ignored(at.Child(name), "it names the zone of a date the template does not give");
          continue;
        }
      }
      if (!known) out_.Unknown(at.Child(name), "template's universal-fields");
    }
    for (const TemplateField& f : kFields) {
      const Value* value = Member(fields, f.key);
      const Value* label = f.label_key.empty() ? nullptr : Member(fields, f.label_key);
      if (value == nullptr && label == nullptr && !(creating_ && f.per_pass)) continue;
      Value field(rapidjson::kObjectType);
      field.AddMember("key", Str(f.key), alloc());
      const JsonPointer label_at = at.Child(f.label_key);
      if (std::optional<std::string_view> l = label != nullptr ? out_.Text(*label, label_at, f.label_key) : std::nullopt) {
        field.AddMember("label", Str(*l), alloc());
      } else if (creating_) {
        field.AddMember("label", Str(f.label), alloc());
      }
      if (!FieldValue(f, fields, value, at, field)) continue;
      auto& from = field_origins_[std::string(f.key)];
      if (value != nullptr) from.emplace_back("value", at.Child(f.key).str());
      if (label != nullptr) from.emplace_back("label", label_at.str());
      if (creating_ && f.per_pass) dynamic_.push_back(std::string(f.key));
      Value* group = Member(style_, f.group);
      if (group == nullptr) {
        style_.AddMember(Str(f.group), Value(rapidjson::kArrayType), alloc());
        group = Member(style_, f.group);
      }
      group->PushBack(std::move(field), alloc());
    }
    if (!dynamic_.empty()) {
      Value list(rapidjson::kArrayType);
      for (const std::string& key : dynamic_) list.PushBack(Value(key.c_str(), model_.GetAllocator()), model_.GetAllocator());
      Set(model_, "dynamicFields", std::move(list));
    }
    if (const Value* start = Member(fields, "event-start-time"); start != nullptr) {
      if (const Value* zone = Member(fields, EventTicketZoneKey(fields, "event-start-time")); zone != nullptr && zone->IsString()) {
        Set(model_, "timeZone", Value(zone->GetString(), model_.GetAllocator()));
      }
    }
  }

  // Sets the value of `field` from the template's `value` (null: none given); false when it
  // cannot be.
  bool FieldValue(const TemplateField& f, const Value& fields, const Value* value, const JsonPointer& at,
                  Value& field) {
    const JsonPointer value_at = at.Child(f.key);
    if (value == nullptr) {
      if (creating_ && f.key == "face-value") return false;  // an amount only when the template gives one
      if (creating_) field.AddMember("value", Str(""), alloc());
      return true;
    }
    if (IsDate(f.key)) {
      std::optional<std::string> date = EventTicketDate(fields, f.key, at, out_);
      if (!date) return false;
      field.AddMember("value", Str(*date), alloc());
      field.AddMember("dateStyle", "PKDateStyleMedium", alloc());
      field.AddMember("timeStyle", "PKDateStyleShort", alloc());
      return true;
    }
    if (f.key == "face-value") {
      // "The currency will always be considered as US$".
      std::optional<double> amount = out_.Number(*value, value_at, f.key);
      if (!amount) return false;
      field.AddMember("value", *amount == static_cast<double>(static_cast<int64_t>(*amount))
                                   ? Value(static_cast<int64_t>(*amount)) : Value(*amount), alloc());
      field.AddMember("currencyCode", "USD", alloc());
      return true;
    }
    std::optional<std::string_view> text = out_.Text(*value, value_at, f.key);
    if (!text) return false;
    field.AddMember("value", Str(*text), alloc());
    if (f.key.starts_with("link") || f.key == "home-page-uri") {
      const std::string type_key = std::string(f.key) + "-type";
      const Value* type = Member(fields, type_key);
      std::string_view detector = "PKDataDetectorTypeLink";
      if (type != nullptr) {
        std::optional<std::string_view> t = out_.Text(*type, at.Child(type_key), type_key);
        if (!t) return false;
        if (*t == "phone") {
          detector = "PKDataDetectorTypePhoneNumber";
        } else if (*t == "geo-location") {
          detector = "PKDataDetectorTypeAddress";
        } else if (*t != "email" && *t != "map-link" && *t != "web-link") {
          out_.Error(codes::kImportValueInvalid, at.Child(type_key),
                     type_key + " is \"email\", \"geo-location\", \"map-link\", \"phone\" or \"web-link\"");
          return false;
        }
      }
      Value detectors(rapidjson::kArrayType);
      detectors.PushBack(Str(detector), alloc());
      field.AddMember("dataDetectorTypes", std::move(detectors), alloc());
    }
    return true;
  }

  void AppleWallet(const Value& wallet, const JsonPointer& at) {
    for (const auto& m : wallet.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = at.Child(name);
      if (name == "text-color") {
        Color(m.value, m_at, name, "foregroundColor");
      } else if (name == "description") {
        if (std::optional<std::string_view> t = out_.Text(m.value, m_at, name)) SetFrom("description", Str(*t), m_at);
      } else if (name == "linked-apps") {
        // A comma-separated list of App Store ids.
        std::optional<std::string_view> t = out_.Text(m.value, m_at, name);
        if (!t) continue;
        Value ids(rapidjson::kArrayType);
        std::string_view rest = *t;
        while (!rest.empty()) {
          const size_t comma = rest.find(',');
          std::string id(rest.substr(0, comma));
          rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
          id.erase(0, id.find_first_not_of(' '));
          id.erase(id.find_last_not_of(' ') + 1);
          if (id.empty() || id.size() > 15 || id.find_first_not_of("0123456789") != std::string::npos) {
            out_.Error(codes::kImportValueInvalid, m_at, "linked-apps is a comma-separated list of App Store ids (digits)");
            ids.SetNull();
            break;
          }
          ids.PushBack(Value(static_cast<int64_t>(std::stoll(id))), alloc());
        }
        if (ids.IsArray()) SetFrom("associatedStoreIdentifiers", std::move(ids), m_at);
      } else if (name == "relevance-date-time") {
        if (std::optional<std::string> date = EventTicketDate(wallet, name, at, out_)) {
          SetFrom("relevantDate", Str(*date), m_at);
          if (!Member(model_, "timeZone")) {
            const Value* zone = Member(wallet, EventTicketZoneKey(wallet, name));
            if (zone != nullptr && zone->IsString()) Set(model_, "timeZone", Value(zone->GetString(), model_.GetAllocator()));
          }
        }
      } else if (name == "relevance-date-timezone") {
        // read with its date
      } else if (name == "ibeacons") {
        ImportEventTicketPlaces(name, m.value, m_at, out_);
      } else {
        out_.Unknown(m_at, "template's apple-wallet-fields");
      }
    }
  }

  void Expiration(const Value& expiration, const JsonPointer& at) {
    for (const auto& m : expiration.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = at.Child(name);
      if (name == "expiry-date") {
        if (std::optional<std::string> date = EventTicketDate(expiration, name, at, out_)) {
          SetFrom("expirationDate", Str(*date), m_at);
        }
      } else if (name == "expiry-timezone") {
        // read with its date
      } else if (name == "expiration-setting") {
        std::optional<std::string_view> t = out_.Text(m.value, m_at, name);
        if (t && *t == "auto") {
          out_.Ignored(m_at, "a pass cannot expire some time after it is installed: Wallet tells no one when that is");
        } else if (t && *t != "default") {
          out_.Error(codes::kImportValueInvalid, m_at, "expiration-setting is \"default\" or \"auto\"");
        }
      } else if (name.starts_with("auto-expire-")) {
        out_.Ignored(m_at, "a pass cannot expire some time after it is installed: Wallet tells no one when that is");
      } else {
        out_.Unknown(m_at, "template's expiration-fields");
      }
    }
  }

  void Barcode(const Value& barcode, const JsonPointer& at) {
    Value entry(rapidjson::kObjectType);
    bool generate = false;
    std::string alphabet = "alphanumeric";
    int length = 10;
    for (const auto& m : barcode.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = at.Child(name);
      if (name == "barcode-type") {
        std::optional<std::string_view> t = out_.Text(m.value, m_at, name);
        const std::string_view format = t ? EventTicketBarcodeFormat(*t) : "";
        if (t && format.empty()) out_.Error(codes::kImportValueInvalid, m_at, "barcode-type is QRCODE, AZTEC, PDF417 or CODE128");
        if (!format.empty()) entry.AddMember("format", Str(format), alloc());
      } else if (name == "barcode-value") {
        if (std::optional<std::string_view> t = out_.Text(m.value, m_at, name)) entry.AddMember("message", Str(*t), alloc());
      } else if (name == "autogenerate-barcode-values") {
        generate = out_.Bool(m.value, m_at, name).value_or(false);
      } else if (name == "autogenerate-barcode-value-type") {
        std::optional<std::string_view> t = out_.Text(m.value, m_at, name);
        if (!t) continue;
        std::string type(*t);
        type.erase(0, type.find_first_not_of(' '));
        type.erase(type.find_last_not_of(' ') + 1);
        if (type.size() != t->size()) {
          out_.Warning(codes::kImportValueInvalid, m_at, "\"" + std::string(*t) + "\" has spaces around it; read as \"" + type + "\"");
        }
        if (type == "Numeric") {
          alphabet = "numeric";
        } else if (type == "Alphabet") {
          alphabet = "alphabetic";
        } else if (type == "Alphanumeric") {
          alphabet = "alphanumeric";
        } else {
          out_.Error(codes::kImportValueInvalid, m_at, "autogenerate-barcode-value-type is Numeric, Alphabet or Alphanumeric");
        }
      } else if (name == "autogenerate-barcode-value-length") {
        if (std::optional<int64_t> n = out_.Integer(m.value, m_at, 10, 100, name)) length = static_cast<int>(*n);
      } else {
        out_.Unknown(m_at, "template's barcode-fields");
      }
    }
    if (entry.MemberCount() > 0) {
      if (creating_ && !entry.HasMember("message")) entry.AddMember("message", "", alloc());
      entry.AddMember("messageEncoding", "iso-8859-1", alloc());
      Value list(rapidjson::kArrayType);
      list.PushBack(std::move(entry), alloc());
      SetFrom("barcodes", std::move(list), at);
    }
    if (generate) {
      auto& a = model_.GetAllocator();
      Value policy(rapidjson::kObjectType);
      policy.AddMember("generate", Value(alphabet.c_str(), a), a);
      policy.AddMember("length", length, a);
      Set(model_, "barcodeValues", std::move(policy));
    }
  }

  const bool creating_;
  Diagnostics& diags_;
  Diagnostics found_;  // the builder's, for the file "overrides" until moved to "template"
  NativeBuilder out_;
  rapidjson::Document pass_, model_;
  Value style_;  // "eventTicket"
  std::vector<std::string> dynamic_;
  std::map<std::string, std::pair<std::string, JsonPointer>> images_;  // file -> URL, where given
  std::optional<ImportedPayload> places_;  // the locations and beacons, with their origins
  std::map<std::string, std::string> origins_;  // a pass.json pointer -> the template's
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> field_origins_;  // key -> (attr, from)
};

std::string Pretty(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// Merges the fields of `update`'s groups into `existing` ("eventTicket"): a field found by key in
// any group takes the update's attributes; a new one joins its group.
void MergeStyle(Value& existing, Value& update, rapidjson::Document::AllocatorType& alloc) {
  for (std::string_view group : kGroups) {
    Value* fields = Member(update, group);
    if (fields == nullptr) continue;
    for (Value& field : fields->GetArray()) {
      Value* target = nullptr;
      for (std::string_view g : kGroups) {
        Value* list = Member(existing, g);
        for (rapidjson::SizeType i = 0; target == nullptr && list != nullptr && list->IsArray() && i < list->Size(); ++i) {
          if (FieldKey((*list)[i]) == FieldKey(field)) target = &(*list)[i];
        }
      }
      if (target != nullptr) {
        for (auto& attr : field.GetObject()) {
          target->RemoveMember(attr.name);
          target->AddMember(Value(attr.name, alloc), Value(attr.value, alloc), alloc);
        }
        continue;
      }
      Value* list = Member(existing, group);
      if (list == nullptr) {
        existing.AddMember(Value(group.data(), static_cast<rapidjson::SizeType>(group.size()), alloc),
                           Value(rapidjson::kArrayType), alloc);
        list = Member(existing, group);
      }
      list->PushBack(Value(field, alloc), alloc);
    }
  }
}

}  // namespace

Result<std::map<std::string, std::string>> ImportTemplate(PayloadFormat format, std::string_view body,
                                                          const std::map<std::string, std::string>& model_files,
                                                          const TemplateOptions& options, Diagnostics& diags) {
  if (format != PayloadFormat::kEventTicket) {
    return Status::InvalidArgument("only the event-ticket API documents its pass templates");
  }
  rapidjson::Document doc;
  Diagnostics parsed;
  const bool ok = ParseOverrides(body, doc, parsed, "template");
  diags.Append(parsed);
  if (!ok) return Status::InvalidPass("the template is not a JSON object");
  const size_t errors = diags.error_count();
  const bool creating = model_files.empty();
  TemplateReader reader(creating, diags);
  reader.Read(doc);
  std::map<std::string, std::string> files = model_files;
  // The template's images, fetched by URL.
  for (const auto& [file, source] : reader.images()) {
    if (options.image_fetcher == nullptr) {
      diags.Error(codes::kImageUrlUnmapped, "template", source.second.str(),
                  "the image " + source.first + " is named by URL, and no image fetcher was given");
      continue;
    }
    Result<std::string> bytes = options.image_fetcher->Fetch(source.first, kMaxTemplateImageBytes);
    if (!bytes.ok()) {
      diags.Error(codes::kImageUrlUnmapped, "template", source.second.str(), bytes.status().message());
      continue;
    }
    files[file] = std::move(*bytes);
  }
  rapidjson::Document pass, model;
  auto& a = pass.GetAllocator();
  if (creating) {
    pass.SetObject();
    pass.AddMember("formatVersion", 1, a);
    pass.AddMember("passTypeIdentifier", Value(options.pass_type_identifier.c_str(), a), a);
    pass.AddMember("teamIdentifier", Value(options.team_identifier.c_str(), a), a);
    model.SetObject();
  } else {
    auto existing = model_files.find("pass.json");
    pass.Parse(existing == model_files.end() ? "" : existing->second.c_str());
    if (!pass.IsObject()) return Status::InvalidArgument("the model to update has no pass.json object");
    auto config = model_files.find("model.json");
    model.Parse(config == model_files.end() ? "{}" : config->second.c_str());
    if (!model.IsObject()) model.SetObject();
  }
  for (auto& m : reader.pass().GetObject()) {
    if (StringOf(m.name) == "eventTicket" && pass.HasMember("eventTicket") && pass["eventTicket"].IsObject()) {
      MergeStyle(pass["eventTicket"], m.value, a);
    } else if (StringOf(m.name) == "barcodes" && pass.HasMember("barcodes") && pass["barcodes"].IsArray() &&
               !pass["barcodes"].Empty() && pass["barcodes"][0].IsObject()) {
      for (auto& attr : m.value[0].GetObject()) {  // the first barcode takes what changes
        pass["barcodes"][0].RemoveMember(attr.name);
        pass["barcodes"][0].AddMember(Value(attr.name, a), Value(attr.value, a), a);
      }
    } else {
      pass.RemoveMember(m.name);
      pass.AddMember(Value(m.name, a), Value(m.value, a), a);
    }
  }
  auto& ma = model.GetAllocator();
  for (auto& m : reader.model().GetObject()) {
    model.RemoveMember(m.name);
    model.AddMember(Value(m.name, ma), Value(m.value, ma), ma);
  }
  files["pass.json"] = Pretty(pass);
  if (model.MemberCount() > 0) files["model.json"] = Pretty(model);
  for (const auto& [name, bytes] : options.files) files[name] = bytes;
  if (diags.error_count() > errors) {
    return ErrorsIn(diags.error_count() - errors, "the template");
  }
  // The model, validated as a template: its problems point into the template where it gave the
  // value.
  Diagnostics checked;
  Result<Model> made = Model::FromFiles(files, checked);
  const Status valid = made.ok() ? made->Validate({}, checked) : made.status();
  reader.NoteFields(pass);
  reader.PointIntoTemplate(checked);
  diags.Append(checked);
  if (!valid.ok()) return valid;
  return files;
}

}  // namespace pkpass
