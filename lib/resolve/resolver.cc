#include "resolve/resolver.h"

#include <rapidjson/pointer.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "resolve/barcode_values.h"
#include "resolve/images.h"
#include "resolve/localizations.h"
#include "resolve/local_dates.h"
#include "resolve/normalize.h"
#include "schema/vocabulary.h"

namespace pkpass {
namespace {

using rapidjson::Value;
using schema::Override;

class Resolver {
 public:
  Resolver(const ResolveOptions& options, ResolvedPass& out, Diagnostics& diags)
      : options_(options), out_(out), alloc_(out.pass_json.GetAllocator()), diags_(diags) {}

  void Apply(const Value& overrides) {
    const JsonPointer root;
    const Value* localizations = nullptr;
    for (const auto& m : overrides.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer at = root.Child(name);
      const schema::Key* key = schema::FindOverride(name);
      if (key == nullptr) {
        Error(codes::kOverrideKeyUnknown, at, "\"" + std::string(name) + "\" is not an overrides key");
        continue;
      }
      if (m.value.IsNull() || !CheckType(m.value, key->types, at)) continue;  // null: model's value
      switch (key->override) {
        case Override::kReplace:
          Set(out_.pass_json, name, m.value, at, at);
          break;
        case Override::kFields:
          ApplyFields(m.value, at);
          break;
        case Override::kBarcodeMessage:
          ApplyBarcode(m.value, at, kOverridesFile);
          break;
        case Override::kNfcAttributes:
          ApplyNfc(m.value, at);
          break;
        case Override::kImages:
          ApplyImages(m.value, at, {options_.image_store, options_.image_fetcher, options_.derive_images}, out_, diags_);
          break;
        case Override::kTransitType:
          ApplyTransitType(m.value, at);
          break;
        case Override::kStatus:
          ApplyStatus(m.value, overrides, at);
          break;
        case Override::kTimeZone:
          break;  // read by ResolveLocalDates
        case Override::kBundle:
          break;  // read by whoever bundles passes
        case Override::kLocalizations:
          localizations = &m.value;  // after "images", which may drop localised copies
          break;
        case Override::kNotInPass:
          diags_.Warning(codes::kOverrideNotInPass, std::string(kOverridesFile), at.str(),
                         "\"" + std::string(name) + "\" is a Pass2U setting with no place in an "
                         "Apple Wallet pass; it is left out");
          break;
        case Override::kNo:
        case Override::kAttribute:
          break;  // FindOverride returns neither
      }
    }
    if (localizations != nullptr) {
      ApplyLocalizations(*localizations, root.Child("localizations"),
                         {options_.image_store, options_.image_fetcher, options_.derive_images}, out_, diags_);
    }
    const Value* barcode = Member(overrides, "barcode");
    const Value* nfc = Member(overrides, "nfc");
    if (barcode != nullptr && !barcode->IsNull() && nfc != nullptr && !nfc->IsNull()) {
      Error(codes::kBarcodeNfcExclusive, root.Child("nfc"),
            "give \"barcode\" or \"nfc\", not both (Pass2U's rule)");
    }
  }

  // Gives the model's barcodes a generated message when its policy asks for one and the
  // overrides give none.
  void GenerateBarcode(const Value& overrides) {
    Result<std::optional<std::string>> value =
        GeneratedBarcodeMessage(out_.model->config, overrides, options_.barcode_registry);
    if (!value.ok()) {
      diags_.Error(codes::kBarcodeGenerationFailed, "model.json", "/barcodeValues",
                   value.status().message());
      return;
    }
    if (!value->has_value()) return;
    Value message(rapidjson::kObjectType);
    message.AddMember("message", Value((*value)->c_str(), alloc_), alloc_);
    ApplyBarcode(message, JsonPointer().Child("barcodeValues"), "model.json");
  }

  // Gives the pass a generated NFC message when model.json's "nfcValues" asks for one and the
  // overrides give none.
  void GenerateNfc(const Value& overrides) {
    const ModelConfig& config = out_.model->config;
    if (!config.nfc_values || !GeneratedNfcMessageNeeded(overrides)) return;
    Result<std::string> value = GenerateBarcodeValue(*config.nfc_values, options_.barcode_registry);
    if (!value.ok()) {
      diags_.Error(codes::kBarcodeGenerationFailed, "model.json", "/nfcValues", value.status().message());
      return;
    }
    Value* nfc = Member(out_.pass_json, "nfc");
    if (nfc == nullptr || !nfc->IsObject()) return;  // model.json requires it
    Set(*nfc, "message", Value(value->c_str(), alloc_), JsonPointer().Child("nfc").Child("message"),
        JsonPointer().Child("nfcValues"), "model.json");
  }

 private:
  void Error(std::string_view code, const JsonPointer& at, std::string message) {
    diags_.Error(code, std::string(kOverridesFile), at.str(), std::move(message));
  }

  bool CheckType(const Value& v, unsigned types, const JsonPointer& at) {
    if (HasJsonType(v, types)) return true;
    Error(codes::kOverrideType, at,
          "must be " + JsonTypesName(types) + ", not " + std::string(JsonTypeName(v)));
    return false;
  }

  // Sets `object[name]` to a copy of `value`, recording that the resolved value at `resolved`
  // came from `source` in `file`.
  void Set(Value& object, std::string_view name, const Value& value, const JsonPointer& resolved,
           const JsonPointer& source, std::string_view file = kOverridesFile) {
    Value copy(value, alloc_);
    if (Value* existing = Member(object, name)) {
      *existing = std::move(copy);
    } else {
      object.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc_),
                       std::move(copy), alloc_);
    }
    out_.provenance.Record(resolved, std::string(file), source);
  }

  using Targets = std::vector<std::pair<Value*, JsonPointer>>;

  // Sets the attributes of `attrs` (an object of overrides at `at`) on every target, each
  // checked once against the rows of `dict`; null attributes keep the model's value. Members
  // with a row in `controls` are the entry's own (kFieldOverride) and are skipped.
  void SetAttributes(const Value& attrs, const JsonPointer& at, const Targets& targets,
                     schema::Dict dict, schema::Dict controls = schema::Dict::kNone,
                     std::string_view file = kOverridesFile) {
    for (const auto& attr : attrs.GetObject()) {
      const std::string_view name = StringOf(attr.name);
      if (controls != schema::Dict::kNone && schema::Find(controls, name) != nullptr) continue;
      const JsonPointer attr_at = at.Child(name);
      const schema::Key* spec = schema::FindAttribute(dict, name);
      if (spec == nullptr) {
        Error(codes::kOverrideKeyUnknown, attr_at,
              "\"" + std::string(name) + "\" is not an attribute overrides may set here");
        continue;
      }
      if (attr.value.IsNull() || !CheckType(attr.value, spec->types, attr_at)) continue;
      for (const auto& [target, target_at] : targets) {
        Set(*target, name, attr.value, target_at.Child(name), attr_at, file);
      }
    }
  }

  // What ApplyFields gathers: the model's fields by key, the first of each, found once (n log n,
  // not entries x fields; keys are copied, since setting attributes may move a field's members,
  // short strings with them), the keys given, the fields to leave out and the fields to add.
  struct FieldEdits {
    std::map<std::string, std::pair<Value*, JsonPointer>, std::less<>> by_key;
    std::set<std::string, std::less<>> given;
    std::vector<std::string> left_out;  // pointers of model fields to remove
    std::vector<std::pair<const Value*, JsonPointer>> new_fields;
  };

  // The key of the fields entry `entry`, when it has one no earlier entry has.
  std::optional<std::string_view> EntryKey(const Value& entry, const JsonPointer& entry_at, FieldEdits& edits) {
    const Value* key = Member(entry, "key");
    if (key == nullptr || !key->IsString()) {
      Error(codes::kFieldKeyMissing, entry_at.Child("key"), "a field needs a string \"key\"");
      return std::nullopt;
    }
    const std::string_view key_name = StringOf(*key);
    if (!edits.given.emplace(key_name).second) {
      Error(codes::kFieldKeyDuplicate, entry_at.Child("key"),
            "an earlier entry of fields has the key \"" + std::string(key_name) +
                "\" already: which one counts would be a matter of order");
      return std::nullopt;
    }
    return key_name;
  }

  // An entry with "area": a new field, when the model has none of its key and opens the area.
  void NewField(const Value& entry, const JsonPointer& entry_at, std::string_view key_name, const Value& area,
                FieldEdits& edits) {
    if (edits.by_key.contains(key_name)) {
      Error(codes::kOverrideConflict, entry_at.Child("area"),
            "the model has a field \"" + std::string(key_name) + "\" already; \"area\" adds a new field");
    } else if (!out_.model->config.new_field_areas.contains(StringOf(area))) {
      Error(codes::kFieldAddNotAllowed, entry_at.Child("area"),
            "model.json's newFieldAreas does not open " + std::string(StringOf(area)) + " to new fields");
    } else if (IsTrue(entry, "remove") || Member(entry, "removeAttributes") != nullptr) {
      Error(codes::kOverrideConflict, entry_at.Child("area"), "a new field has nothing to remove");
    } else {
      edits.new_fields.emplace_back(&entry, entry_at);
    }
  }

  // An entry for the model's field of its key: removed, or its attributes changed (and hidden
  // when empty, with hideEmpty), as dynamicFields allows.
  void EditField(const Value& entry, const JsonPointer& entry_at, std::string_view key_name, FieldEdits& edits) {
    const ModelConfig& config = out_.model->config;
    auto found = edits.by_key.find(key_name);
    if (found == edits.by_key.end()) {
      Error(codes::kFieldUnknown, entry_at.Child("key"),
            "the model has no field with the key \"" + std::string(key_name) + "\"");
      return;
    }
    if (config.dynamic_fields && !config.dynamic_fields->contains(key_name)) {
      Error(codes::kFieldNotDynamic, entry_at.Child("key"),
            "the field \"" + std::string(key_name) + "\" is fixed: model.json's dynamicFields does not list it");
      return;
    }
    auto& [field, field_at] = found->second;
    if (IsTrue(entry, "remove")) {
      if (entry.MemberCount() > 2) {
        Error(codes::kOverrideConflict, entry_at.Child("remove"), "a field that is removed takes no other attribute");
      } else {
        edits.left_out.push_back(field_at.str());
      }
      return;
    }
    RemoveAttributes(entry, entry_at, *field, field_at);
    SetAttributes(entry, entry_at, {found->second}, schema::Dict::kField, schema::Dict::kFieldOverride);
    if (IsTrue(entry, "hideEmpty") && IsEmptyField(*field)) edits.left_out.push_back(field_at.str());
  }

  // The overrides' fields: each entry customises, removes (remove) or hides (hideEmpty) a model
  // field found by key, as dynamicFields allows, or adds a field to an area model.json opens to
  // new fields (area, newFieldAreas). Removals happen once every entry is read, then additions,
  // so an entry never sees another's effect; two entries with one key are ambiguous input.
  void ApplyFields(const Value& fields, const JsonPointer& at) {
    FieldEdits edits;
    ForEachField(out_.pass_json, [&](Value& f, const JsonPointer& f_at) {
      edits.by_key.emplace(std::string(FieldKey(f)), std::make_pair(&f, f_at));
      return true;
    });
    for (rapidjson::SizeType i = 0; i < fields.Size(); ++i) {
      const Value& entry = fields[i];
      const JsonPointer entry_at = at.Child(i);
      if (!CheckType(entry, kJsonObject, entry_at)) continue;
      const std::optional<std::string_view> key_name = EntryKey(entry, entry_at, edits);
      if (!key_name || !CheckControls(entry, entry_at)) continue;
      if (const Value* area = Member(entry, "area"); area != nullptr) {
        NewField(entry, entry_at, *key_name, *area, edits);
      } else {
        EditField(entry, entry_at, *key_name, edits);
      }
    }
    LeaveOut(edits.left_out);
    for (const auto& [entry, entry_at] : edits.new_fields) AddField(*entry, entry_at);
  }

  static bool IsTrue(const Value& object, std::string_view name) {
    const Value* v = Member(object, name);
    return v != nullptr && v->IsBool() && v->GetBool();
  }

  // A field whose value is absent or "".
  static bool IsEmptyField(const Value& field) {
    const Value* value = Member(field, "value");
    return value == nullptr || (value->IsString() && value->GetStringLength() == 0);
  }

  // Checks the types of the entry's own members (kFieldOverride rows); false when one is wrong.
  bool CheckControls(const Value& entry, const JsonPointer& at) {
    bool ok = true;
    for (const auto& m : entry.GetObject()) {
      const schema::Key* row = schema::Find(schema::Dict::kFieldOverride, StringOf(m.name));
      if (row != nullptr && !CheckType(m.value, row->types, at.Child(StringOf(m.name)))) ok = false;
    }
    return ok;
  }

  // Removes from `field` the attributes `entry` lists in removeAttributes: attributes overrides
  // may set, not its key or value, and not one the entry also sets.
  void RemoveAttributes(const Value& entry, const JsonPointer& at, Value& field, const JsonPointer& field_at) {
    const Value* list = Member(entry, "removeAttributes");
    if (list == nullptr) return;
    for (rapidjson::SizeType j = 0; j < list->Size(); ++j) {
      const JsonPointer item_at = at.Child("removeAttributes").Child(j);
      const std::string_view name = (*list)[j].IsString() ? StringOf((*list)[j]) : "";
      if (schema::FindAttribute(schema::Dict::kField, name) == nullptr || name == "value") {
        Error(codes::kOverrideValue, item_at,
              "\"" + std::string(name) + "\" is not a field attribute a pass may remove");
      } else if (Member(entry, name) != nullptr) {
        Error(codes::kOverrideConflict, item_at,
              "the entry both sets and removes " + std::string(name));
      } else {
        field.RemoveMember(Value(rapidjson::StringRef(name.data(), name.size())));
        out_.provenance.Touch(field_at.view());
      }
    }
  }

  // Removes the model fields at `pointers` (each "/STYLE/GROUP/INDEX"), the last of each group
  // first so that the others' indices hold, and keeps the provenance of the fields after them.
  void LeaveOut(std::vector<std::string>& pointers) {
    auto split = [](const std::string& p) {
      const size_t slash = p.rfind('/');
      return std::make_pair(p.substr(0, slash), std::stoul(p.substr(slash + 1)));
    };
    std::sort(pointers.begin(), pointers.end(), [&](const std::string& a, const std::string& b) {
      return split(a) > split(b);
    });
    for (const std::string& p : pointers) {
      const auto [group, index] = split(p);
      Value* list = rapidjson::Pointer(group.c_str()).Get(out_.pass_json);
      const size_t size = list->Size();
      list->Erase(list->Begin() + index);
      out_.provenance.EraseElement(group, index, size);
    }
  }

  // Adds the field `entry` (at `at`) describes to its area of the pass's style dictionary, last.
  // One left empty by hideEmpty is not added.
  void AddField(const Value& entry, const JsonPointer& at) {
    if (IsTrue(entry, "hideEmpty") && IsEmptyField(entry)) return;
    const std::string_view area = StringOf(*Member(entry, "area"));
    for (std::string_view style : schema::StyleKeys()) {
      Value* dict = Member(out_.pass_json, style);
      if (dict == nullptr || !dict->IsObject()) continue;
      Value* list = Member(*dict, area);
      if (list == nullptr) {
        dict->AddMember(Value(area.data(), static_cast<rapidjson::SizeType>(area.size()), alloc_),
                        Value(rapidjson::kArrayType), alloc_);
        list = Member(*dict, area);
      }
      if (!list->IsArray()) break;
      Value field(rapidjson::kObjectType);
      field.AddMember("key", Value(*Member(entry, "key"), alloc_), alloc_);
      list->PushBack(std::move(field), alloc_);
      const JsonPointer field_at = JsonPointer().Child(style).Child(area).Child(list->Size() - 1);
      out_.provenance.Record(field_at, std::string(kOverridesFile), at);
      SetAttributes(entry, at, {{&(*list)[list->Size() - 1], field_at}}, schema::Dict::kField,
                    schema::Dict::kFieldOverride);
      return;
    }
    Error(codes::kOverrideValue, at.Child("area"), "the model has no style dictionary to hold the field");
  }

  // Pass2U's barcode {message, altText} customises every barcode the model defines: the
  // "barcodes" entries and the legacy "barcode".
  void ApplyBarcode(const Value& barcode, const JsonPointer& at, std::string_view file) {
    Targets targets;
    Value& pass = out_.pass_json;
    const JsonPointer root;
    if (Value* list = Member(pass, "barcodes"); list != nullptr && list->IsArray()) {
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        if ((*list)[i].IsObject()) targets.emplace_back(&(*list)[i], root.Child("barcodes").Child(i));
      }
    }
    if (Value* legacy = Member(pass, "barcode"); legacy != nullptr && legacy->IsObject()) {
      targets.emplace_back(legacy, root.Child("barcode"));
    }
    if (targets.empty()) {
      Error(codes::kBarcodeNotInModel, at, "the model defines no barcode to customise");
      return;
    }
    SetAttributes(barcode, at, targets, schema::Dict::kBarcode, schema::Dict::kNone, file);
  }

  void ApplyNfc(const Value& nfc, const JsonPointer& at) {
    Value& pass = out_.pass_json;
    Value* target = Member(pass, "nfc");
    if (target == nullptr || !target->IsObject()) {
      Set(pass, "nfc", Value(rapidjson::kObjectType), JsonPointer().Child("nfc"), at);
      target = Member(pass, "nfc");
    }
    SetAttributes(nfc, at, {{target, JsonPointer().Child("nfc")}}, schema::Dict::kNfc);
  }

  void ApplyTransitType(const Value& value, const JsonPointer& at) {
    for (std::string_view style : schema::StyleKeys()) {
      Value* dict = Member(out_.pass_json, style);
      if (dict == nullptr || !dict->IsObject()) continue;
      Set(*dict, "transitType", value, JsonPointer().Child(style).Child("transitType"), at);
      return;
    }
    Error(codes::kOverrideValue, at, "the model has no style dictionary to hold transitType");
  }

  void ApplyStatus(const Value& status, const Value& overrides, const JsonPointer& at) {
    if (!status.IsInt() || (status.GetInt() != 1 && status.GetInt() != 2)) {
      Error(codes::kOverrideValue, at, "status must be 1 (normal) or 2 (not accessible)");
      return;
    }
    // Pass2U's status is whether the pass's download page answers: 1 leaves "voided" as the
    // overrides or the model say (a redeemed coupon is status 1 and voided); 2 closes the pass,
    // which Wallet shows voided.
    if (status.GetInt() == 1) return;
    const Value* explicit_voided = Member(overrides, "voided");
    if (explicit_voided != nullptr && explicit_voided->IsBool() && !explicit_voided->GetBool()) {
      Error(codes::kOverrideConflict, at, "status 2 makes the pass inaccessible, which voids it, but \"voided\" is false");
      return;
    }
    Set(out_.pass_json, "voided", Value(true), JsonPointer().Child("voided"), at);
  }

  const ResolveOptions& options_;
  ResolvedPass& out_;
  rapidjson::Document::AllocatorType& alloc_;
  Diagnostics& diags_;
};

}  // namespace

void Resolve(const Model::Impl& model, const rapidjson::Value& overrides,
             const ResolveOptions& options, ResolvedPass& out, Diagnostics& diags) {
  out.model = &model;
  out.pass_json.CopyFrom(model.pass_json, out.pass_json.GetAllocator());
  for (const auto& [path, file] : model.files) out.files.emplace(path, &file);
  Resolver resolver(options, out, diags);
  resolver.Apply(overrides);
  if (!options.web_service_url.empty()) {
    auto& alloc = out.pass_json.GetAllocator();
    for (const auto& [key, value] : {std::pair{"webServiceURL", options.web_service_url},
                                     std::pair{"authenticationToken", options.authentication_token}}) {
      rapidjson::Value v(value.data(), static_cast<rapidjson::SizeType>(value.size()), alloc);
      if (auto it = out.pass_json.FindMember(key); it != out.pass_json.MemberEnd()) {
        it->value = std::move(v);
      } else {
        out.pass_json.AddMember(rapidjson::StringRef(key), std::move(v), alloc);
      }
    }
  }
  resolver.GenerateBarcode(overrides);
  resolver.GenerateNfc(overrides);
  Normalize(out);
  ResolveLocalDates(overrides, out, diags, options.every_value);
}

}  // namespace pkpass
