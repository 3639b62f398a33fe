// A walk over every field of a pass.
#ifndef PKPASS_SCHEMA_PASS_FIELDS_H_
#define PKPASS_SCHEMA_PASS_FIELDS_H_

#include <string_view>
#include <type_traits>

#include "schema/vocabulary.h"
#include "util/json.h"
#include "util/json_pointer.h"

namespace pkpass {

// Calls fn(field, pointer) for every object in every field group (schema::FieldGroups()) of
// every dictionary of `pass` that holds fields (schema::FieldDictionaryKeys(): the style keys and
// posterGeneric), in document order of the groups' arrays, until fn returns false. `Pass` is a
// rapidjson value or document, const or not; fn receives the field with the same constness.
template <typename Pass, typename Fn>
void ForEachField(Pass& pass, Fn fn) {
  using Value = std::conditional_t<std::is_const_v<Pass>, const rapidjson::Value, rapidjson::Value>;
  const JsonPointer root;
  for (std::string_view style : schema::FieldDictionaryKeys()) {
    Value* dict = Member(pass, style);
    if (dict == nullptr) continue;
    const JsonPointer style_at = root.Child(style);
    for (std::string_view group : schema::FieldGroups()) {
      Value* list = Member(*dict, group);
      if (list == nullptr || !list->IsArray()) continue;
      const JsonPointer group_at = style_at.Child(group);
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        if ((*list)[i].IsObject() && !fn((*list)[i], group_at.Child(i))) return;
      }
    }
  }
}

// Returns the "key" of a field, or "" when it has none.
inline std::string_view FieldKey(const rapidjson::Value& field) {
  const rapidjson::Value* key = Member(field, "key");
  return key != nullptr && key->IsString() ? StringOf(*key) : std::string_view();
}

// Returns whether `field`'s value is a date: it has dateStyle, timeStyle, isRelative or
// ignoresTimeZone.
inline bool IsDateField(const rapidjson::Value& field) {
  return Member(field, "dateStyle") != nullptr || Member(field, "timeStyle") != nullptr ||
         Member(field, "isRelative") != nullptr || Member(field, "ignoresTimeZone") != nullptr;
}

}  // namespace pkpass

#endif  // PKPASS_SCHEMA_PASS_FIELDS_H_
