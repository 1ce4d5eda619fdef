{
  "targets": [
    {
      "target_name": "pyro_native",
      "sources": [
        "native/src/addon.cc",
        "native/src/store.cc",
        "native/src/memory.cc",
        "native/src/elementwise.cc",
        "native/src/reduce.cc",
        "native/src/layout.cc",
        "native/src/indexing.cc",
        "native/src/linalg.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node native/find-libtorch.cjs include_dirs)"
      ],
      "libraries": ["<!@(node native/find-libtorch.cjs libraries)"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "<!@(node native/find-libtorch.cjs defines)"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-fexceptions", "-frtti", "-O2", "-Wno-unused-parameter", "-Wno-deprecated-declarations", "-Wno-unused-variable"]
    }
  ]
}
