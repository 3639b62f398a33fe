// The operations of pkpass/overrides.h: updates of a stored overrides document.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/overrides.h"
#include "util/json_pointer.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

constexpr char kPatchFile[] = "patch";

void RemoveMember(Value& object, std::string_view name) {
  if (object.IsObject()) object.EraseMember(Value(rapidjson::StringRef(name.data(), name.size())));
}

void MergeFields(Value& target, const Value& patch, const JsonPointer& at, Allocator& alloc,
                 Diagnostics& diags);

// RFC 7396 merge of `patch` into the object `target`: null removes, objects merge, anything else
// replaces; the members kept stay in order and new ones follow in the patch's order. `target`'s
// members are indexed once, so a merge is n log n in the size of both (a patch's keys are
// distinct: the parser refuses duplicates). With `diags`, the top level of overrides: "fields"
// arrays merge entry by entry (MergeFields).
void MergeObject(Value& target, const Value& patch, Allocator& alloc, Diagnostics* diags = nullptr) {
  std::map<std::string_view, rapidjson::SizeType> index;  // views of target's names, unchanged below
  for (rapidjson::SizeType i = 0; i < target.MemberCount(); ++i) {
    index.emplace(StringOf((target.MemberBegin() + i)->name), i);
  }
  std::vector<bool> removed(target.MemberCount(), false);
  std::vector<const Value::Member*> added;
  for (const auto& m : patch.GetObject()) {
    const auto it = index.find(StringOf(m.name));
    Value* existing = it == index.end() ? nullptr : &(target.MemberBegin() + it->second)->value;
    if (m.value.IsNull()) {
      if (existing != nullptr) removed[it->second] = true;
    } else if (diags != nullptr && StringOf(m.name) == "fields" && m.value.IsArray() && existing != nullptr &&
               existing->IsArray()) {
      MergeFields(*existing, m.value, JsonPointer().Child("fields"), alloc, *diags);
    } else if (m.value.IsObject() && existing != nullptr && existing->IsObject()) {
      MergeObject(*existing, m.value, alloc);
    } else if (existing != nullptr) {
      *existing = Value(rapidjson::kObjectType);
      if (m.value.IsObject()) {
        MergeObject(*existing, m.value, alloc);  // a copy without the patch's nulls
      } else {
        existing->CopyFrom(m.value, alloc);
      }
    } else {
      added.push_back(&m);
    }
  }
  // The removed members go in one pass that keeps the others in order.
  rapidjson::SizeType kept = 0;
  for (rapidjson::SizeType i = 0; i < target.MemberCount(); ++i) {
    if (removed[i]) continue;
    if (kept != i) {
      (target.MemberBegin() + kept)->name.Swap((target.MemberBegin() + i)->name);
      (target.MemberBegin() + kept)->value.Swap((target.MemberBegin() + i)->value);
    }
    ++kept;
  }
  if (kept != target.MemberCount()) target.EraseMember(target.MemberBegin() + kept, target.MemberEnd());
  for (const Value::Member* m : added) {
    Value value(rapidjson::kObjectType);
    if (m->value.IsObject()) {
      MergeObject(value, m->value, alloc);
    } else {
      value.CopyFrom(m->value, alloc);
    }
    target.AddMember(Value(m->name, alloc), std::move(value), alloc);
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
  return ErrorsIn(diags.error_count(), "the overrides");
}

// Returns `merged`, the patched overrides, when they are a document build would read: within
// the overrides' budgets of bytes and keys per object (two documents within them can merge into
// one past them); else json-too-large or json-too-many-keys for "overrides", with kInvalidPass.
Result<std::string> Budgeted(std::string merged, Diagnostics& diags) {
  rapidjson::Document check;
  Diagnostics found;
  if (ParseOverrides(merged, check, found)) return merged;
  for (Diagnostic d : found) {
    d.message = "the patched overrides: " + d.message;
    diags.Add(std::move(d));
  }
  return Invalid(diags);
}

}  // namespace

Result<std::string> PatchOverrides(std::string_view base, std::string_view patch,
                                   Diagnostics& diags) {
  rapidjson::Document result, changes;
  const bool base_parsed = Parse(base, result, diags);
  const bool patch_parsed = ParseOverrides(patch, changes, diags, kPatchFile);
  if (!base_parsed || !patch_parsed) return Invalid(diags);
  const size_t errors_before = diags.error_count();
  MergeObject(result, changes, result.GetAllocator(), &diags);
  if (diags.error_count() != errors_before) return Invalid(diags);
  return Budgeted(WriteJson(result), diags);
}

// A reset of what the overrides lack: kInvalidPass with reset-absent, naming `what`.
Status Absent(Diagnostics& diags, const std::string& pointer, const std::string& what) {
  diags.Error(codes::kResetAbsent, std::string(kOverridesFile), pointer,
              "the overrides have no " + what + " to reset: is the name misspelt?");
  return Status::InvalidPass("nothing to reset");
}

Result<std::string> ResetAttribute(std::string_view overrides, std::string_view attribute,
                                   Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  if (Member(doc, attribute) == nullptr) {
    return Absent(diags, JsonPointer().Child(attribute).str(), "attribute \"" + std::string(attribute) + "\"");
  }
  RemoveMember(doc, attribute);
  return WriteJson(doc);
}

Result<std::string> ResetField(std::string_view overrides, std::string_view field_key,
                               Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  Value* fields = Member(doc, "fields");
  if (fields == nullptr || !fields->IsArray() || FindFieldEntry(*fields, field_key) == nullptr) {
    return Absent(diags, "/fields", "field \"" + std::string(field_key) + "\"");
  }
  rapidjson::SizeType kept = 0;  // entries are compacted in one pass, then the tail erased
  for (rapidjson::SizeType i = 0; i < fields->Size(); ++i) {
    const Value* key = Member((*fields)[i], "key");
    if (key != nullptr && key->IsString() && StringOf(*key) == field_key) continue;
    if (kept != i) (*fields)[kept] = (*fields)[i];  // RapidJSON's assignment moves
    ++kept;
  }
  if (kept != fields->Size()) fields->Erase(fields->Begin() + kept, fields->End());
  return WriteJson(doc);
}

Result<std::string> ResetFieldAttribute(std::string_view overrides, std::string_view field_key,
                                        std::string_view attribute, Diagnostics& diags) {
  rapidjson::Document doc;
  if (!Parse(overrides, doc, diags)) return Invalid(diags);
  Value* fields = Member(doc, "fields");
  Value* entry = fields != nullptr && fields->IsArray() ? FindFieldEntry(*fields, field_key) : nullptr;
  if (entry == nullptr) return Absent(diags, "/fields", "field \"" + std::string(field_key) + "\"");
  if (attribute == "key" || Member(*entry, attribute) == nullptr) {
    return Absent(diags, "/fields", "attribute \"" + std::string(attribute) + "\" of the field \"" +
                                        std::string(field_key) + "\"");
  }
  RemoveMember(*entry, attribute);
  return WriteJson(doc);
}

}  // namespace pkpass
