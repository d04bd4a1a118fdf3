/work/main/fuzz/build/engine/grade-diff.o: /work/main/engine/grade-diff.c \
  /work/main/engine/grade-int.h /work/main/engine/grade.h \
  /work/main/engine/mm.h /work/main/engine/rbtree.h \
  /work/main/engine/trace.h /work/main/engine/vm.h \
  /work/main/engine/listing.h

/work/main/engine/grade-int.h:

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/listing.h:
