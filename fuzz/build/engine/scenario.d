/work/main/fuzz/build/engine/scenario.o: /work/main/engine/scenario.c \
  /work/main/config.h /work/main/engine/mm.h /work/main/engine/rbtree.h \
  /work/main/engine/trace.h /work/main/engine/vm.h \
  /work/main/engine/scenario.h

/work/main/config.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/scenario.h:
