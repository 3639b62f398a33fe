#include "import/places.h"

#include <utility>
#include <vector>

#include "pkpass/diagnostic_codes.h"

namespace pkpass {

void ImportPlaces(std::string_view array, const rapidjson::Value& list, const JsonPointer& at,
                  std::span<const PlaceKey> keys, std::string_view what, NativeBuilder& out,
                  const PlaceMember& other) {
  using Value = rapidjson::Value;
  if (!list.IsArray()) {
    out.Error(codes::kImportValueInvalid, at, std::string(array) + " is an array of objects");
    return;
  }
  out.Set(array, Value(rapidjson::kArrayType), at);
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const JsonPointer item_at = at.Child(i);
    if (!list[i].IsObject()) {
      out.Error(codes::kImportValueInvalid, item_at, "a " + std::string(what) + " is an object");
      continue;
    }
    Value place(rapidjson::kObjectType);
    std::vector<std::pair<std::string_view, JsonPointer>> sources;
    for (const auto& m : list[i].GetObject()) {
      const std::string_view name = StringOf(m.name);
      const JsonPointer m_at = item_at.Child(name);
      const PlaceKey* key = nullptr;
      for (const PlaceKey& k : keys) {
        if (k.payload == name) key = &k;
      }
      if (key == nullptr) {
        if (!other || !other(list[i], name, m.value, m_at)) out.Unknown(m_at, what);
        continue;
      }
      Value value;
      switch (key->kind) {
        case PlaceKey::Kind::kNumber:
          // A number stays as written (1 is not 1.0); a string becomes the number it holds.
          if (std::optional<double> d = out.Number(m.value, m_at, name)) value = m.value.IsNumber() ? out.Copy(m.value) : Value(*d);
          break;
        case PlaceKey::Kind::kInteger:
          if (std::optional<int64_t> n = out.Integer(m.value, m_at, 0, 999999999999, name)) value = Value(*n);
          break;
        case PlaceKey::Kind::kText:
          if (std::optional<std::string_view> t = out.Text(m.value, m_at, name)) value = out.String(*t);
          break;
        case PlaceKey::Kind::kDropped:
          continue;
      }
      if (value.IsNull()) continue;  // reported
      place.AddMember(out.String(key->native), std::move(value), out.alloc());
      sources.emplace_back(key->native, m_at);
    }
    const JsonPointer native = out.Append(array, std::move(place), item_at);
    for (const auto& [key, from] : sources) out.Record(native.Child(key), from);
  }
}

}  // namespace pkpass
