
(function(){
  var bar=document.getElementById('filters'), q=document.getElementById('q'), count=document.getElementById('shown');
  function apply(){
    var onlyErr=document.getElementById('f-errors').checked, onlyUns=document.getElementById('f-unsupported').checked,
        onlyFail=document.getElementById('f-failed').checked, text=q.value.trim().toLowerCase(), shown=0;
    document.querySelectorAll('[data-article]').forEach(function(el){
      var d=el.dataset, ok=(!onlyErr||+d.errors>0)&&(!onlyUns||+d.unsupported>0)&&(!onlyFail||+d.failed>0)
        &&(!text||d.article.toLowerCase().indexOf(text)>=0);
      el.hidden=!ok; if(ok&&el.tagName==='SECTION'){shown++;}
    });
    count.textContent=shown;
  }
  bar.addEventListener('input',apply); bar.addEventListener('change',apply);
  document.querySelectorAll('.card[data-call]').forEach(function(card){
    var call=card.dataset.call; if(call===''){return;}
    var marks=card.closest('section').querySelectorAll('mark[data-calls~="'+call+'"]');
    card.addEventListener('mouseenter',function(){marks.forEach(function(m){m.classList.add('focus');});});
    card.addEventListener('mouseleave',function(){marks.forEach(function(m){m.classList.remove('focus');});});
  });
  apply();
})();
