// ParsedOverrides::Impl: the parsed overrides document.
#ifndef PKPASS_OVERRIDES_PARSED_OVERRIDES_H_
#define PKPASS_OVERRIDES_PARSED_OVERRIDES_H_

#include "overrides/overrides.h"
#include "pkpass/overrides.h"

namespace pkpass {

struct ParsedOverrides::Impl {
  rapidjson::MemoryPoolAllocator<> memory{kJsonChunkBytes};  // as ResolvedPass::json_memory
  rapidjson::Document doc{&memory};                         // an object
  bool completed = false;                                   // Model::Complete added a value
};

}  // namespace pkpass

#endif  // PKPASS_OVERRIDES_PARSED_OVERRIDES_H_
