// pkpass-build image: an image set from any upload, and uploads stored by their SHA-1. Flags and
// text: commands.cc.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/files.h"
#include "pkpass/images.h"

namespace pkpass::cli {
namespace {

int RunAdd(const Invocation& in) {
  const auto dir = in.flags.Get("--image-dir");
  if (in.positional().size() != 2 || !dir) return UsageError("image add needs FILE and --image-dir DIR");
  const std::string& file = in.positional()[1];
  Result<std::string> bytes = ReadInput(file);
  if (!bytes.ok()) return Failed(in.format, bytes.status(), file);
  Result<std::string> hex = StoreImage(*bytes, *dir);
  if (!hex.ok()) return Failed(in.format, hex.status(), file);
  if (in.format == Format::kJson) {
    std::cout << "{\"ok\":true,\"hex\":\"" << *hex << "\"}\n";
  } else {
    std::cout << *hex << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunImage(const Invocation& in) {
  if (!in.positional().empty() && in.positional()[0] == "add") return RunAdd(in);
  const auto type = in.flags.Get("--type");
  const auto dir = in.flags.Get("-o");
  if (in.positional().size() != 1 || !type || !dir) return UsageError("image needs --type TYPE, FILE and -o DIR");
  const std::string& file = in.positional()[0];
  Result<std::string> bytes = ReadInput(file);
  if (!bytes.ok()) return Failed(in.format, bytes.status(), file);
  Result<ImageSet> set = MakeImageSet(*bytes, {*type, in.flags.Get("--style").value_or("")});
  if (!set.ok()) return Failed(in.format, set.status(), file);
  if (Status written = WriteImageSet(*set, *dir); !written.ok()) return Failed(in.format, written, *dir);
  if (in.format == Format::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ok");
    w.Bool(true);
    w.Key("source");
    w.StartObject();
    w.Key("format");
    w.String(set->source_format);
    w.Key("width");
    w.Uint(set->source_width);
    w.Key("height");
    w.Uint(set->source_height);
    w.EndObject();
    w.Key("files");
    w.StartArray();
    for (const ImageSetFile& f : set->files) {
      w.StartObject();
      w.Key("name");
      w.String(f.name);
      w.Key("width");
      w.Uint(f.width);
      w.Key("height");
      w.Uint(f.height);
      w.Key("bytes");
      w.Uint64(f.png.size());
      w.EndObject();
    }
    w.EndArray();
    w.Key("notes");
    w.StartArray();
    for (const std::string& note : set->notes) w.String(note);
    w.EndArray();
    w.EndObject();
    std::cout << buffer.GetString() << "\n";
  } else {
    std::cout << file << ": " << set->source_format << " " << set->source_width << "x" << set->source_height << "\n";
    for (const ImageSetFile& f : set->files) {
      std::cout << "  wrote " << *dir << "/" << f.name << " " << f.width << "x" << f.height << "\n";
    }
    for (const std::string& note : set->notes) std::cout << "  note: " << note << "\n";
  }
  return kExitOk;
}

}  // namespace pkpass::cli
