#include "resolve/resolver.h"

#include <vector>

#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

using rapidjson::Value;

// The attributes of a field that overrides may set, and their types.
struct FieldAttribute {
  std::string_view name;
  unsigned types;
};
constexpr FieldAttribute kFieldAttributes[] = {
    {"label", kJsonString}, {"value", kJsonString | kJsonNumber}, {"changeMessage", kJsonString}};

// The model field a "fields" entry customises.
struct FieldRef {
  Value* field = nullptr;
  JsonPointer at;
};

class Resolver {
 public:
  Resolver(ResolvedPass& out, Diagnostics& diags)
      : out_(out), alloc_(out.pass_json.GetAllocator()), diags_(diags) {}

  void Apply(const Value& overrides) {
    const JsonPointer root;
    for (const auto& m : overrides.GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer at = root.Child(name);
      const OverrideKey* key = FindOverrideKey(name);
      if (key == nullptr) {
        Error(codes::kOverrideKeyUnknown, at, "\"" + std::string(name) + "\" is not an overrides key");
        continue;
      }
      if (m.value.IsNull()) continue;  // null resets to the model's value
      if (!CheckType(m.value, key->types, at)) continue;
      switch (key->rule) {
        case OverrideRule::kReplace:
          Set(out_.pass_json, name, m.value, at, at);
          break;
        case OverrideRule::kFields:
          ApplyFields(m.value, at);
          break;
        case OverrideRule::kBarcode:
          ApplyBarcode(m.value, at);
          break;
      }
    }
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
  // came from the overrides at `source`.
  void Set(Value& object, std::string_view name, const Value& value, const JsonPointer& resolved,
           const JsonPointer& source) {
    Value copy(value, alloc_);
    if (Value* existing = Member(object, name)) {
      *existing = std::move(copy);
    } else {
      object.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc_),
                       std::move(copy), alloc_);
    }
    out_.provenance.Record(resolved, std::string(kOverridesFile), source);
  }

  FieldRef FindField(std::string_view key) {
    Value& pass = out_.pass_json;
    const JsonPointer root;
    for (std::string_view style : kStyleKeys) {
      Value* dict = Member(pass, style);
      if (dict == nullptr) continue;
      for (std::string_view group : kFieldGroups) {
        Value* list = Member(*dict, group);
        if (list == nullptr || !list->IsArray()) continue;
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
          Value& field = (*list)[i];
          const Value* k = Member(field, "key");
          if (k != nullptr && k->IsString() && StringOf(*k) == key) {
            return {&field, root.Child(style).Child(group).Child(i)};
          }
        }
      }
    }
    return {};
  }

  void ApplyFields(const Value& fields, const JsonPointer& at) {
    for (rapidjson::SizeType i = 0; i < fields.Size(); ++i) {
      const Value& entry = fields[i];
      const JsonPointer entry_at = at.Child(i);
      if (!CheckType(entry, kJsonObject, entry_at)) continue;
      auto key = entry.FindMember("key");
      if (key == entry.MemberEnd() || !key->value.IsString()) {
        Error(codes::kFieldKeyMissing, entry_at.Child("key"), "a field needs a string \"key\"");
        continue;
      }
      const std::string_view key_name = StringOf(key->value);
      FieldRef ref = FindField(key_name);
      if (ref.field == nullptr) {
        Error(codes::kFieldUnknown, entry_at.Child("key"),
              "the model has no field with the key \"" + std::string(key_name) + "\"");
        continue;
      }
      for (const auto& attr : entry.GetObject()) {
        const std::string_view name = StringOf(attr.name);
        if (name == "key") continue;
        const JsonPointer attr_at = entry_at.Child(name);
        const FieldAttribute* spec = nullptr;
        for (const FieldAttribute& a : kFieldAttributes) {
          if (a.name == name) spec = &a;
        }
        if (spec == nullptr) {
          Error(codes::kFieldAttributeUnknown, attr_at,
                "\"" + std::string(name) + "\" is not a field attribute overrides may set");
          continue;
        }
        if (attr.value.IsNull() || !CheckType(attr.value, spec->types, attr_at)) continue;
        Set(*ref.field, name, attr.value, ref.at.Child(name), attr_at);
      }
    }
  }

  // Pass2U's barcode {message, altText} customises every barcode the model defines: the
  // "barcodes" entries and the legacy "barcode".
  void ApplyBarcode(const Value& barcode, const JsonPointer& at) {
    std::vector<std::pair<Value*, JsonPointer>> targets;
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
    for (const auto& attr : barcode.GetObject()) {
      const std::string_view name = StringOf(attr.name);
      const JsonPointer attr_at = at.Child(name);
      if (name != "message" && name != "altText") {
        Error(codes::kOverrideKeyUnknown, attr_at,
              "\"" + std::string(name) + "\" is not a barcode attribute overrides may set");
        continue;
      }
      if (attr.value.IsNull() || !CheckType(attr.value, kJsonString, attr_at)) continue;
      for (auto& [target, target_at] : targets) {
        Set(*target, name, attr.value, target_at.Child(name), attr_at);
      }
    }
  }

  ResolvedPass& out_;
  rapidjson::Document::AllocatorType& alloc_;
  Diagnostics& diags_;
};

}  // namespace

void Resolve(const Model::Impl& model, const rapidjson::Value& overrides, ResolvedPass& out,
             Diagnostics& diags) {
  out.model = &model;
  out.pass_json.CopyFrom(model.pass_json, out.pass_json.GetAllocator());
  Resolver(out, diags).Apply(overrides);
}

}  // namespace pkpass
