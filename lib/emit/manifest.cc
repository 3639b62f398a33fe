#include "emit/manifest.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace pkpass {

std::string WriteManifest(const std::vector<BundleFile>& files) {
  std::vector<const BundleFile*> sorted;
  sorted.reserve(files.size());
  for (const BundleFile& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(),
            [](const BundleFile* a, const BundleFile* b) { return a->path < b->path; });
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const BundleFile* f : sorted) {
    w.Key(f->path.data(), static_cast<rapidjson::SizeType>(f->path.size()));
    w.String(f->sha1_hex.data(), static_cast<rapidjson::SizeType>(f->sha1_hex.size()));
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace pkpass
