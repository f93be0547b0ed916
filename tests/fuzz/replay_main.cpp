// A main() for the fuzz entry points without libFuzzer: it feeds every file named on the
// command line (directories are walked recursively) to LLVMFuzzerTestOneInput once, so the
// corpora and the kept crash inputs replay as ordinary tests in any build, with any compiler.
#include "fuzz_common.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char* argv[]) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; i++) {
        fs::path p(argv[i]);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::recursive_directory_iterator(p)) {
                if (e.is_regular_file()) {
                    files.push_back(e.path());
                }
            }
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            return 1;
        }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    // The closing line in the plain "N passed, N failed" form: a file that fails aborts
    // before reaching it.
    std::printf("replayed %zu inputs\n", files.size());
    return files.empty() ? 1 : 0;
}
