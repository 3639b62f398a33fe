// Fuzzes image maps (pkpass-build --image-map): an input is read as a map; a map it accepts
// names only files inside its folder, and every URL it maps is answered or refused.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pkpass/image_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  pkpass::Result<pkpass::FileMapImageFetcher> map = pkpass::FileMapImageFetcher::Parse(input, "/nonexistent/map");
  if (!map.ok()) return 0;
  for (const std::string& file : map->Files()) {
    if (file.rfind("/nonexistent/map/", 0) != 0 || file.find("/../") != std::string::npos) std::abort();
  }
  (void)map->Fetch("https://example.com/a.png", 1024);
  return 0;
}
