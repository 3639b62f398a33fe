#include "overrides/generated_serial.h"

#include "internals.h"
#include "overrides/parsed_overrides.h"
#include "util/uuid.h"

namespace pkpass {

Result<bool> CompleteSerial(const Model::Impl& model, ParsedOverrides& parsed) {
  if (!model.config.generate_serials || parsed.serial_number()) return false;
  const std::optional<std::string> uuid = NewUuid();
  if (!uuid) return Status::Internal("the CSPRNG gave no serial number");
  rapidjson::Document& overrides = Internals::Get(parsed).doc;
  overrides.RemoveMember("serialNumber");
  overrides.AddMember("serialNumber", rapidjson::Value(uuid->c_str(), overrides.GetAllocator()),
                      overrides.GetAllocator());
  return true;
}

}  // namespace pkpass
