// Serial numbers a model generates (model.json "serialNumbers": {"generate": "uuid"}) for
// overrides that give none, as Pass2U and Airship issue ids themselves.
#ifndef PKPASS_OVERRIDES_GENERATED_SERIAL_H_
#define PKPASS_OVERRIDES_GENERATED_SERIAL_H_

#include "model/model_impl.h"
#include "pkpass/overrides.h"
#include "pkpass/status.h"

namespace pkpass {

// With the model's "serialNumbers", gives `parsed` a random UUID (util/uuid.h) as its
// serialNumber when it has no string one; returns whether it did. With `given` (the serial issued
// to this record before, pkpass/issued.h), that instead of a new one. kInternal when the CSPRNG
// fails.
Result<bool> CompleteSerial(const Model::Impl& model, ParsedOverrides& parsed, std::string_view given = {});

}  // namespace pkpass

#endif  // PKPASS_OVERRIDES_GENERATED_SERIAL_H_
