#include "overrides/generated_serial.h"

#include "internals.h"
#include "overrides/parsed_overrides.h"
#include "util/uuid.h"

namespace pkpass {

Result<bool> CompleteSerial(const Model::Impl& model, ParsedOverrides& parsed, std::string_view given) {
  if (!model.config.generate_serials || parsed.serial_number()) return false;
  const std::optional<std::string> uuid = given.empty() ? NewUuid() : std::optional<std::string>(given);
  if (!uuid) return Status::Internal("the CSPRNG gave no serial number");
  rapidjson::Document& overrides = Internals::Get(parsed).doc;
  overrides.RemoveMember("serialNumber");
  overrides.AddMember("serialNumber", rapidjson::Value(uuid->c_str(), overrides.GetAllocator()),
                      overrides.GetAllocator());
  return true;
}

}  // namespace pkpass
