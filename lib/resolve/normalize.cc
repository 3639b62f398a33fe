#include "resolve/normalize.h"

#include "schema/vocabulary.h"
#include "util/color.h"

namespace pkpass {

void Normalize(ResolvedPass& pass) {
  rapidjson::Value& json = pass.pass_json;
  for (const schema::Key& key : schema::KeysOf(schema::Dict::kPass)) {
    if (key.format != schema::Format::kColor) continue;
    rapidjson::Value* value = Member(json, key.name);
    if (value == nullptr || !value->IsString()) continue;
    std::optional<std::string> rgb = NormalizeColor(StringOf(*value));
    if (rgb && *rgb != StringOf(*value)) {
      value->SetString(rgb->c_str(), static_cast<rapidjson::SizeType>(rgb->size()),
                       pass.pass_json.GetAllocator());
      pass.provenance.Touch(JsonPointer().Child(key.name).view());
    }
  }
}

}  // namespace pkpass
