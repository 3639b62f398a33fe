// The operations of pkpass/overrides.h: updates of a stored overrides document.
#include <functional>
#include <map>
#include <string>

#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/overrides.h"
#include "util/json_pointer.h"

namespace pkpass {
namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

constexpr char kPatchFile[] = "patch";

void SetMember(Value& object, std::string_view name, Value value, Allocator& alloc) {
  if (Value* existing = Member(object, name)) {
    *existing = std::move(value);
  } else {
    object.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc),
                     std::move(value), alloc);
  }
}

void RemoveMember(Value& object, std::string_view name) {
  if (object.IsObject()) object.RemoveMember(Value(rapidjson::StringRef(name.data(), name.size())));
}

void MergeObject(Value& target, const Value& patch, Allocator& alloc);

// Returns a copy of `value`; an object loses its null members, as a merge into {} would.
Value CopyWithoutNulls(const Value& value, Allocator& alloc) {
  if (!value.IsObject()) return Value(value, alloc);
  Value copy(rapidjson::kObjectType);
  MergeObject(copy, value, alloc);
  return copy;
}

// RFC 7396 merge of `patch` into `target`: null removes, objects merge, anything else replaces.
void MergeObject(Value& target, const Value& patch, Allocator& alloc) {
  for (const auto& m : patch.GetObject()) {
    const std::string_view name = StringOf(m.name);
    Value* existing = Member(target, name);
    if (m.value.IsNull()) {
      RemoveMember(target, name);
    } else if (m.value.IsObject() && existing != nullptr && existing->IsObject()) {
      MergeObject(*existing, m.value, alloc);
    } else {
      SetMember(target, name, CopyWithoutNulls(m.value, alloc), alloc);
    }
  }
}

// Returns the entry of `fields` whose "key" is `key`, or nullptr.
Value* FindFieldEntry(Value& fields, std::string_view key) {
  for (auto& entry : fields.GetArray()) {
    const Value* k = Member(entry, "key");
    if (k != nullptr && k->IsString() && StringOf(*k) == key) return &entry;
  }
  return nullptr;
}

// Merges the "fields" of a patch into those of the base, entry by entry and attribute by
// attribute. The base's entries are indexed by key once: n log n, not patch x base entries.
void MergeFields(Value& target, const Value& patch, const JsonPointer& at, Allocator& alloc,
                 Diagnostics& diags) {
  std::map<std::string, rapidjson::SizeType, std::less<>> by_key;  // the first entry of each key
  for (rapidjson::SizeType i = 0; i < target.Size(); ++i) {
    const Value* k = Member(target[i], "key");
    if (k != nullptr && k->IsString()) by_key.emplace(std::string(StringOf(*k)), i);
  }
  for (rapidjson::SizeType i = 0; i < patch.Size(); ++i) {
    const Value* key = Member(patch[i], "key");
    if (key == nullptr || !key->IsString()) {
      diags.Error(codes::kFieldKeyMissing, kPatchFile, at.Child(i).Child("key").str(),
                  "a field needs a string \"key\"");
      continue;
    }
    auto [it, added] = by_key.emplace(std::string(StringOf(*key)), target.Size());
    if (added) target.PushBack(Value(rapidjson::kObjectType), alloc);
    MergeObject(target[it->second], patch[i], alloc);
  }
}

// Parses `overrides` into `doc`, reporting problems for the file "overrides".
bool Parse(std::string_view overrides, rapidjson::Document& doc, Diagnostics& diags) {
  return ParseOverrides(overrides, doc, diags);
}

Status Invalid(const Diagnostics& diags) {
  return Status::InvalidPass(std::to_string(diags.error_count()) + " error(s) in the overrides");
}

}  // namespace

Result<std::string> PatchOverrides(std::string_view base, std::string_view patch,
                                   Diagnostics& diags) {
  rapidjson::Document result, changes;
  const bool base_parsed = Parse(base, result, diags);
  const bool patch_parsed = ParseOverrides(patch, changes, diags, kPatchFile);
  if (!base_parsed || !patch_parsed) return Invalid(diags);
  Allocator& alloc = result.GetAllocator();
  const size_t errors_before = diags.error_count();
  for (const auto& m : changes.GetObject()) {
    const std::string_view name = StringOf(m.name);
    Value* existing = Member(result, name);
    if (m.value.IsNull()) {
      RemoveMember(result, name);
    } else if (name == "fields" && m.value.IsArray() && existing != nullptr && existing->IsArray()) {
      MergeFields(*existing, m.value, JsonPointer().Child(name), alloc, diags);
    } else if (m.value.IsObject() && existing != nullptr && existing->IsObject()) {
      MergeObject(*existing, m.value, alloc);
    } else {
      SetMember(result, name, CopyWithoutNulls(m.value, alloc), alloc);
    }
  }
  if (diags.error_count() != errors_before) return Invalid(diags);
  return WriteJson(result);
}

Result<std::string> ResetAttribute(std::string_view overrides, std::string_view attribute,
                                   Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  RemoveMember(doc, attribute);
  return WriteJson(doc);
}

Result<std::string> ResetField(std::string_view overrides, std::string_view field_key,
                               Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  if (Value* fields = Member(doc, "fields"); fields != nullptr && fields->IsArray()) {
    rapidjson::SizeType kept = 0;  // entries are compacted in one pass, then the tail erased
    for (rapidjson::SizeType i = 0; i < fields->Size(); ++i) {
      const Value* key = Member((*fields)[i], "key");
      if (key != nullptr && key->IsString() && StringOf(*key) == field_key) continue;
      if (kept != i) (*fields)[kept] = (*fields)[i];  // RapidJSON's assignment moves
      ++kept;
    }
    fields->Erase(fields->Begin() + kept, fields->End());
  }
  return WriteJson(doc);
}

Result<std::string> ResetFieldAttribute(std::string_view overrides, std::string_view field_key,
                                        std::string_view attribute, Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  if (Value* fields = Member(doc, "fields"); fields != nullptr && fields->IsArray()) {
    if (Value* entry = FindFieldEntry(*fields, field_key); entry != nullptr && attribute != "key") {
      RemoveMember(*entry, attribute);
    }
  }
  return WriteJson(doc);
}

}  // namespace pkpass
